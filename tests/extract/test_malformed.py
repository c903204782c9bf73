"""Issue 17: every generated malformed file (tests/malformed_corpus.py) gets its expected outcome:
read, or quarantined with the true reason, translated, and never an unexpected error."""

from __future__ import annotations

import malformed_corpus
import pytest

from pipeline.core.config import Settings
from pipeline.extract.files import extract_file
from pipeline.inbox import quarantine


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("malformed")
    return root, {c.name: c for c in malformed_corpus.build(root)}


def _names() -> list[str]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:  # names only; the module fixture builds the files once
        return [c.name for c in malformed_corpus.build(Path(tmp))]


@pytest.mark.parametrize("name", _names())
def test_malformed_case(corpus, name):
    root, cases = corpus
    case = cases[name]
    ef = extract_file(root / name, name, Settings())
    text = " ".join(p.text for d in ef.documents for p in d.pages).lower()
    if case.expect == "read":
        assert ef.status == "processed", (ef.error_code, ef.error)
        if case.text:
            assert case.text.lower() in text, text[:300]
        if case.pages:
            assert sum(len(d.pages) for d in ef.documents) == case.pages
    else:
        assert ef.status == "quarantined", text[:200]
        assert ef.error_code == case.expect, (ef.error_code, ef.error_params)
        en = quarantine.message(ef.error_code, ef.error_params, lang="en")
        vi = quarantine.message(ef.error_code, ef.error_params, lang="vi")
        assert en != vi and "{" not in vi, (en, vi)  # a true reason, in Vietnamese too


def test_little_foreign_text_is_read_and_says_so(corpus):
    """The issue's false reason: a one-line English PDF with a broken xref is read (it supports
    nothing) and its note says the truth in numbers, not "no text could be read… rescan"."""
    root, _ = corpus
    ef = extract_file(root / "one_line_broken_xref.pdf", "one_line_broken_xref.pdf", Settings())
    assert ef.status == "processed"
    from pipeline.inbox.quarantine import message

    notes = [n for d in ef.documents for n in d.provenance.notes]
    assert [(n.code, n.params) for n in notes] == [("not_vietnamese", {"chars": "11"})], notes
    # rendered when the draft is written, in the run's language
    assert message("not_vietnamese", {"chars": "11"}, lang="en").startswith("11 characters of text, not Vietnamese")


def test_three_page_fax_is_read_page_by_page(corpus):
    root, _ = corpus
    ef = extract_file(root / "fax_three_pages.tif", "fax_three_pages.tif", Settings())
    texts = [p.text for d in ef.documents for p in d.pages]
    assert [f"page {n}" in t for n, t in enumerate(texts, 1)] == [True, True, True], texts


def test_pages_are_reduced_to_the_ocr_pixel_budget_before_reading(tmp_path):
    """Memory: a page over OCR_MAX_PIXELS is reduced (aspect kept) and a huge JPEG is decoded at a
    fraction of its size, so no page's working copies exceed the budget."""
    from PIL import Image

    from pipeline.extract.ocr import OCR_MAX_PIXELS, draft_size, fit_pixels

    small = Image.new("L", (100, 50), 255)
    assert fit_pixels(small, 10_000) is small
    reduced = fit_pixels(Image.new("L", (400, 200), 255), 10_000)
    assert reduced.width * reduced.height <= 10_000 and abs(reduced.width / reduced.height - 2) < 0.05
    assert draft_size(1000, 1000) is None
    big = tmp_path / "big.jpg"
    Image.new("L", (8000, 6000), 255).save(big, quality=50)
    w, h = draft_size(8000, 6000)
    with Image.open(big) as img:
        img.draft("L", (w // 2, h // 2))
        assert img.size[0] * img.size[1] <= OCR_MAX_PIXELS < 8000 * 6000


def test_a_cached_note_is_rendered_in_each_runs_language(config):
    """Notes are codes in the (shared) extraction cache; the draft renders them in its run's language,
    and a sentence cached before notes were codes is shown as it was written."""
    from pipeline.core.i18n import set_language
    from pipeline.core.model import Document, ExtractedFile, Note, Page, Provenance, TextSource
    from pipeline.decide.analyze import analyze_unit

    text = "Ghi chú ngắn"
    doc = Document(key="k:1", pages=[Page(number=1, text=text, source=TextSource.TEXT_LAYER)],
                   provenance=Provenance(file="a.pdf", first_page=1, last_page=1, source=TextSource.TEXT_LAYER,
                                         notes=[Note(code="little_text", params={"chars": "10"}), "câu cũ"]))
    ef = ExtractedFile(path="a.pdf", sha256="0" * 64, size=1, kind="pdf", status="processed", documents=[doc])
    seen = {}
    for lang in ("en", "vi"):
        set_language(lang)
        out = analyze_unit(config.units.units[0], "x", [ef], config, "2018")
        seen[lang] = out.documents[0].notes
    set_language("vi")
    assert seen["en"] == ["Only 10 characters of text: the file supports no criterion unless they name a document.",
                          "câu cũ"]
    assert seen["vi"][0].startswith("Chỉ có 10 ký tự") or "10" in seen["vi"][0] and seen["vi"][0] != seen["en"][0]
