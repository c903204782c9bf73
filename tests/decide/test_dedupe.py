"""Duplicate copies: bytes, rescans, page images, DOCX + scan; template siblings stay apart."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from pipeline.core.config import Settings
from pipeline.core.model import DocMeta, Document, Page, Provenance, TextSource
from pipeline.decide.dedupe import duplicate_pairs, find_duplicates, fingerprint, veto

WORDS = ("ủy ban nhân dân xã thực hiện kế hoạch cải cách hành chính năm tuyên truyền kiểm tra thủ tục hồ sơ "
         "tiếp nhận trả kết quả cán bộ công chức đào tạo bồi dưỡng ngân sách công khai quy chế chi tiêu nội bộ "
         "dịch vụ công trực tuyến phần mềm quản lý văn bản điều hành tổ chức bộ máy phân công nhiệm vụ "
         "đánh giá phân loại kỷ luật kỷ cương tài sản thanh tra khảo sát hài lòng người dân doanh nghiệp").split()


def body(seed: int, n: int = 160, numbers: tuple[int, ...] = ()) -> str:
    rnd = random.Random(seed)
    words = [rnd.choice(WORDS) for _ in range(n)]
    for k, num in enumerate(numbers):
        words.insert(10 + 12 * k, str(num))
    return " ".join(words)


def noisy(text: str, rate: float, seed: int = 7) -> str:
    """OCR-like damage: accents dropped and letters swapped on a share of the words."""
    from pipeline.core.normalize import fold

    rnd = random.Random(seed)
    out = []
    for w in text.split():
        r = rnd.random()
        if r < rate / 2:
            w = fold(w)
        elif r < rate and len(w) > 2 and not w.isdigit():
            i = rnd.randrange(len(w))
            w = w[:i] + "e" + w[i + 1:]
        out.append(w)
    return " ".join(out)


def doc(text, key, file=None, source=TextSource.OCR, conf=0.9, symbol=None, date=None, period=None,
        pages=1, image_hashes=None):
    chunks = [text] if pages == 1 else [text] + ["" for _ in range(pages - 1)]
    page_list = [Page(number=i + 1, text=t, source=source,
                      ocr_confidence=conf if source == TextSource.OCR else None,
                      image_hash=image_hashes[i] if image_hashes else None)
                 for i, t in enumerate(chunks)]
    return Document(
        key=key,
        provenance=Provenance(file=file or f"{key}.pdf", first_page=1, last_page=pages, source=source,
                              ocr_confidence=conf if source == TextSource.OCR else None),
        pages=page_list,
        meta=DocMeta(symbol=symbol, date=date, period=period),
    )


@pytest.fixture
def settings():
    return Settings()


def test_byte_identical_files_are_grouped_by_hash(settings):
    a = doc(body(1), "aaaa:1", file="x/a.pdf")
    b = doc(body(1), "aaaa:1", file="x/copy of a.pdf")
    other = doc(body(2), "bbbb:1")
    (g,) = find_duplicates([a, b, other], settings, ids=["d1", "d2", "d3"])
    assert g.documents == ["d1", "d2"] and g.keep == "d1" and g.redundant_pages == 1
    assert g.signals == {"d1~d2": "hash"}


def test_rescan_with_ocr_noise_is_grouped_and_best_copy_kept(settings):
    text = body(3, numbers=(12, 340, 95))
    good = doc(text, "a:1", source=TextSource.TEXT_LAYER, symbol="12/BC-UBND", date=dt.date(2018, 3, 15),
               pages=2)
    scan = doc(noisy(text, 0.08), "b:1", conf=0.8, symbol="12/BC-UBND", date=dt.date(2018, 3, 15), pages=2)
    scan2 = doc(noisy(text, 0.12, seed=9), "c:1", conf=0.7, pages=2)  # metadata unreadable on this one
    (g,) = find_duplicates([scan, good, scan2], settings, ids=["d1", "d2", "d3"])
    assert sorted(g.documents) == ["d1", "d2", "d3"]
    assert g.keep == "d2"  # born-digital text layer beats the scans
    assert g.redundant_pages == 4
    assert all(s.startswith("text 0.") for s in g.signals.values())


def test_docx_and_its_printed_scan(settings):
    text = body(4, numbers=(2018, 15, 7))
    docx = doc(text, "a:1", source=TextSource.DOCX, symbol="05/KH-UBND", date=dt.date(2018, 1, 10))
    scan = doc(noisy(text, 0.1), "b:1", conf=0.85, symbol="O5/KH-UBND", date=dt.date(2018, 1, 10))
    (g,) = find_duplicates([scan, docx], settings, ids=["d1", "d2"])
    assert g.keep == "d2"


def test_poor_ocr_scans_grouped_by_page_image_hash(settings):
    h = 0x9F3A_5C71_0E2B_D486
    near = h ^ 0b111  # 3 bits differ
    a = doc("ỦY BAN xa", "a:1", conf=0.3, image_hashes=[f"{h:016x}"])
    b = doc("UY BAM", "b:1", conf=0.35, image_hashes=[f"{near:016x}"])
    far = doc("ỦY", "c:1", conf=0.3, image_hashes=[f"{h ^ 0xFFFF_0000_0000:016x}"])
    (g,) = find_duplicates([a, b, far], settings, ids=["d1", "d2", "d3"])
    assert g.documents == ["d1", "d2"] and g.signals == {"d1~d2": "image 3"}
    assert g.keep == "d2"  # higher OCR confidence


def test_page_image_alone_never_groups_documents_with_good_text(settings):
    h = 0x1234_5678_9ABC_DEF0
    a = doc(body(10), "a:1", image_hashes=[f"{h:016x}"])
    b = doc(body(11), "b:1", image_hashes=[f"{h:016x}"])  # text pages of one layout hash alike
    assert find_duplicates([a, b], settings) == []


def test_template_siblings_q1_and_q3_are_not_duplicates(settings):
    template = body(5, n=200)
    q1 = doc(template.replace("công khai", "quý I 120 hồ sơ 118 đúng hạn", 1), "a:1", source=TextSource.DOCX,
             symbol="12/BC-UBND", date=dt.date(2018, 3, 15), period="Q1")
    q3 = doc(template.replace("công khai", "quý III 356 hồ sơ 350 đúng hạn", 1), "b:1", source=TextSource.DOCX,
             symbol="41/BC-UBND", date=dt.date(2018, 9, 14), period="Q3")
    res = duplicate_pairs([fingerprint("d1", q1, settings), fingerprint("d2", q3, settings)], settings)
    assert res.pairs == {} and res.stats.vetoed_pairs == 1
    assert find_duplicates([q1, q3], settings) == []


@pytest.mark.parametrize("field, a, b", [
    ("symbol", "12/BC-UBND", "13/BC-UBND"),
    ("date", dt.date(2018, 3, 15), dt.date(2018, 9, 14)),
    ("period", "Q1", "Q3"),
])
def test_each_metadata_veto(settings, field, a, b):
    text = body(6)
    x = fingerprint("d1", doc(text, "a:1", **{field: a}), settings)
    y = fingerprint("d2", doc(text, "b:1", **{field: b}), settings)
    assert veto(x, y, settings.dedupe) == field
    # missing on one side is no veto: a rescan whose date OCR could not read is still a copy
    z = fingerprint("d3", doc(text, "c:1"), settings)
    assert veto(x, z, settings.dedupe) is None


def test_numbers_veto_tolerates_one_ocr_slip(settings):
    base = body(8, numbers=(120, 118, 2, 95, 37, 4, 11, 60))
    slip = base.replace(" 118 ", " 116 ", 1)
    other = body(8, numbers=(356, 350, 6, 98, 37, 4, 11, 60))
    x = fingerprint("d1", doc(base, "a:1"), settings)
    assert veto(x, fingerprint("d2", doc(slip, "b:1"), settings), settings.dedupe) is None
    assert veto(x, fingerprint("d3", doc(other, "c:1"), settings), settings.dedupe) == "numbers"


def test_candidate_search_is_not_all_pairs(settings):
    docs = [doc(body(100 + i, n=120), f"k{i}:1") for i in range(300)]
    docs += [doc(noisy(docs[i].text, 0.05, seed=i), f"r{i}:1") for i in range(0, 30, 3)]
    fps = [fingerprint(f"d{i}", d, settings) for i, d in enumerate(docs)]
    res = duplicate_pairs(fps, settings)
    n = len(fps)
    assert res.stats.candidate_pairs < n * (n - 1) / 2 / 100  # far fewer comparisons than all pairs
    assert res.stats.confirmed_pairs == 10


def test_groups_are_connected_components(settings):
    text = body(9)
    a = doc(text, "a:1", source=TextSource.DOCX)
    b = doc(text, "a:1", file="b.pdf", source=TextSource.DOCX)  # bytes copy of a
    c = doc(noisy(text, 0.06), "c:1", conf=0.9)  # scan of a
    (g,) = find_duplicates([a, b, c], settings, ids=["d1", "d2", "d3"])
    assert g.documents == ["d1", "d2", "d3"] and g.keep == "d1"
    assert g.signals["d1~d2"] == "hash" and g.signals["d1~d3"].startswith("text")
