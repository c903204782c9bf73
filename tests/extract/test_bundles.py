import pytest
from extract_fixtures import BODY, degrade, images_to_pdf, images_to_tiff, render_page

from pipeline.core.config import Settings
from pipeline.core.model import Page, TextSource
from pipeline.extract.bundles import split_bundle, starts_document
from pipeline.extract.files import extract_file

HEADER = "ỦY BAN NHÂN DÂN\nXÃ VĨNH THÀNH\nSố: 05/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def _pages(texts: list[str]) -> list[Page]:
    return [Page(number=i + 1, text=t, source=TextSource.OCR) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    "top",
    [
        HEADER,
        # OCR garbles: lost accents, 0 for O, broken dashes, glued columns of a text PDF
        "UY BAN NHAN DAN\nC0NG H0A XA H0I CHU NGHIA VIET NAM\nĐ0c lâp - Tư d0 - Hanh phuc",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ VĨNH THÀNH Độc lập - Tự do - Hạnh phúc",
        "CÔNG HOÀ XÁ HÔI CHỦ NGHĨA VIÊT NAM\nĐộc lập- Tự đo - Hạnh phúc",
        "Độc lập - Tự do - Hạnh phúc",
    ],
)
def test_motto_header_starts_a_document(top):
    assert starts_document(top + "\n\nKẾ HOẠCH\nCải cách hành chính năm 2018")


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(BODY),
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;\nNội dung tiếp theo.",
        "",
        # the motto far down a page (a quoted form) does not start a document
        "\n".join(BODY + BODY) + "\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    ],
)
def test_body_pages_do_not_start_a_document(text):
    assert not starts_document(text)


def test_split_ranges():
    body = "\n".join(BODY)
    pages = _pages([body, HEADER, body, body, HEADER, HEADER + "\n" + body])
    # page 1 always starts a document, even without a header
    assert split_bundle(pages) == [(1, 1), (2, 4), (5, 5), (6, 6)]
    assert split_bundle(_pages([HEADER])) == [(1, 1)]
    assert split_bundle([]) == []


@pytest.mark.slow
def test_scanned_pdf_with_three_documents(tmp_path):
    kw = {"width": 1240, "height": 1754, "font_px": 26}
    plan = render_page(**kw)
    plan_2 = render_page(header=False, title=[], **kw)
    report = render_page(title=["BÁO CÁO", "Kết quả cải cách hành chính quý I"], **kw)
    decision = render_page(title=["QUYẾT ĐỊNH", "Về việc kiện toàn Ban chỉ đạo"], **kw)
    decision_2 = render_page(header=False, title=["Điều 2. Tổ chức thực hiện"], **kw)
    scans = [degrade(plan, skew=1.0, noise=0.003), plan_2, degrade(report, rotate=180),
             decision, degrade(decision_2, skew=-1.5), plan_2]
    path = images_to_pdf(scans, tmp_path / "bundle.pdf", dpi=150)
    s = Settings()
    s.ocr.dpi = 150
    ef = extract_file(path, "xa/bundle.pdf", s)
    assert ef.status == "processed" and ef.ocr_pages == 6
    assert [(d.provenance.first_page, d.provenance.last_page) for d in ef.documents] == [(1, 2), (3, 3), (4, 6)]
    assert [d.key for d in ef.documents] == [f"{ef.sha256[:16]}:{n}" for n in (1, 3, 4)]
    assert [p.number for p in ef.documents[2].pages] == [4, 5, 6]
    assert "BÁO CÁO" in ef.documents[1].text and ef.documents[1].pages[0].rotation == 180
    for d in ef.documents:
        assert d.provenance.source == TextSource.OCR and d.provenance.file == "xa/bundle.pdf"
        confs = [p.ocr_confidence for p in d.pages]
        assert d.provenance.ocr_confidence == pytest.approx(sum(confs) / len(confs), abs=1e-3)


@pytest.mark.slow
def test_multipage_tiff_bundle(tmp_path):
    kw = {"width": 1240, "height": 1754, "font_px": 26}
    frames = [render_page(**kw), render_page(header=False, title=[], **kw),
              render_page(title=["BÁO CÁO", "Kết quả cải cách hành chính"], **kw)]
    path = images_to_tiff(frames, tmp_path / "scan.tif")
    ef = extract_file(path, "scan.tif", Settings())
    assert ef.kind == "tiff" and ef.ocr_pages == 3
    assert [(d.provenance.first_page, d.provenance.last_page) for d in ef.documents] == [(1, 2), (3, 3)]
