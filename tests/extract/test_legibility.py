"""A PDF text layer that lost its Vietnamese letters (or never had them mapped) is read by OCR instead."""

from __future__ import annotations

import re

from extract_fixtures import (
    BODY,
    HEADER_LEFT,
    HEADER_RIGHT,
    TITLE,
    lose_letters,
    render_page,
    sandwich_pdf,
    text_pdf,
    unmap_letters,
)
from PIL import Image

from pipeline.core.config import Settings
from pipeline.core.model import TextSource
from pipeline.core.normalize import fold
from pipeline.extract.files import extract_file
from pipeline.extract.legibility import MIN_SYLLABLE_SHARE, drop_unmapped, legibility
from pipeline.read.metadata import parse_metadata

LINES = HEADER_LEFT + HEADER_RIGHT + TITLE + BODY


def test_clean_text_is_legible():
    reads = legibility("\n".join(LINES))
    assert reads.legible and reads.syllable_share > 0.99 and reads.unmapped_share == 0.0  # 'TTg' is no syllable
    # acronyms are no syllable and are not counted against the text
    body = " ".join(BODY)
    assert legibility("UBND HĐND QĐ CP " * 10 + body).syllable_share == legibility(body).syllable_share


def test_dropped_letters_and_unmapped_glyphs_are_damage():
    lost = legibility("\n".join(lose_letters(ln) for ln in LINES))
    assert not lost.legible and lost.syllable_share < MIN_SYLLABLE_SHARE
    cid = legibility("\n".join(unmap_letters(ln) for ln in LINES))
    assert not cid.legible and cid.unmapped_share > 0.05
    replaced = legibility("\n".join(re.sub(r"[^\x00-\xff]", "\ufffd", ln) for ln in LINES))
    assert not replaced.legible
    # too few words to judge (a stamp): trusted
    assert legibility("C NG H I T").legible


def test_a_bullet_glyph_now_and_then_is_no_damage():
    text = "\n".join(f"(cid:216) {ln}" for ln in BODY)
    assert legibility(text).legible
    assert "(cid:" not in drop_unmapped(text)


def _notes(ef) -> dict[str, dict]:
    return {n.code: n.params for d in ef.documents for n in d.provenance.notes}


def test_damaged_layer_is_read_by_ocr(tmp_path):
    pdf = sandwich_pdf(tmp_path / "lost.pdf", render_page(), [lose_letters(ln) for ln in LINES])
    ef = extract_file(pdf, "lost.pdf", Settings())
    page = ef.documents[0].pages[0]
    assert page.source == TextSource.OCR
    assert "cong hoa xa hoi chu nghia viet nam" in fold(page.text)
    meta = parse_metadata(page.text)
    assert (meta.doc_type, meta.symbol, str(meta.date)) == ("KH", "05/KH-UBND", "2018-01-10")
    note = _notes(ef)["text_layer_damaged"]
    assert note["pages"] == "1" and int(note["syllables"]) < 100 * MIN_SYLLABLE_SHARE


def test_damaged_layer_is_kept_when_ocr_reads_less(tmp_path):
    """A white image under the layer: OCR reads nothing, the damaged text is all there is, and says so."""
    pdf = sandwich_pdf(tmp_path / "faint.pdf", Image.new("L", (827, 1170), 255), [lose_letters(ln) for ln in LINES])
    ef = extract_file(pdf, "faint.pdf", Settings())
    page = ef.documents[0].pages[0]
    assert page.source == TextSource.TEXT_LAYER
    assert page.text.startswith(lose_letters(LINES[0]))
    assert _notes(ef)["text_layer_damaged_kept"]["pages"] == "1"


def test_clean_layer_is_not_ocred(tmp_path):
    pdf = text_pdf(tmp_path / "clean.pdf", [LINES])
    ef = extract_file(pdf, "clean.pdf", Settings())
    assert ef.documents[0].pages[0].source == TextSource.TEXT_LAYER
    assert not {"text_layer_damaged", "text_layer_damaged_kept"} & set(_notes(ef))


def test_damaged_layer_on_a_page_whose_crop_box_is_off_the_page(tmp_path):
    """A producer's crop box outside the media box: PDFium refuses to render it as it is; the page is rendered
    within its media box, and read."""
    import pikepdf

    pdf = sandwich_pdf(tmp_path / "lost.pdf", render_page(), [lose_letters(ln) for ln in LINES])
    with pikepdf.open(pdf) as doc:
        doc.pages[0].obj.CropBox = pikepdf.Array([5000, 5000, 5600, 5700])
        doc.save(tmp_path / "cropped.pdf")
    ef = extract_file(tmp_path / "cropped.pdf", "cropped.pdf", Settings())
    assert ef.status == "processed", ef.error
    assert ef.documents[0].pages[0].source == TextSource.OCR
    assert "cong hoa xa hoi chu nghia viet nam" in fold(ef.documents[0].pages[0].text)


def test_a_damaged_layer_says_whether_its_page_is_drawn_as_text(tmp_path):
    """A damaged layer over a scan is another OCR's reading; a damaged layer of a page drawn as text maps the
    document's own digits (pipeline.read.crosscheck uses them)."""
    from pipeline.extract.pdf_text import read_text_layer

    drawn = text_pdf(tmp_path / "drawn.pdf", [[lose_letters(ln) for ln in LINES]])
    scan = sandwich_pdf(tmp_path / "scan.pdf", render_page(), [lose_letters(ln) for ln in LINES])
    for pdf, is_drawn in ((drawn, True), (scan, False)):
        layer = read_text_layer(pdf, Settings(), 1)
        assert layer.pages == [None] and layer.damaged[0] is not None and layer.damaged[0][1].drawn is is_drawn
    ef = extract_file(scan, "scan.pdf", Settings())
    assert ef.documents[0].pages[0].damaged_layer.drawn is False
    assert ef.documents[0].pages[0].damaged_layer.text.startswith(lose_letters(LINES[0]))


def test_a_bold_drawn_twice_is_read_once(tmp_path):
    """Word processors and printers make bold by drawing a line twice a hair apart; the layer then holds every
    letter twice ('KKẾẾ HHOOẠẠCCHH'). One copy is kept, and the page is no damage."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    text_pdf(tmp_path / "font.pdf", [["x"]])  # registers the embedded font
    c = canvas.Canvas(str(tmp_path / "bold.pdf"), pagesize=A4)
    c.setFont("DejaVuSerif", 12)
    y = A4[1] - 60
    for k, line in enumerate(LINES):
        c.drawString(60, y, line)
        if k in (0, 1, 6, 7):  # the issuer, the type word and the summary in bold
            c.drawString(60.4, y, line)
        y -= 18
    c.showPage()
    c.save()
    assert _plan_read_from_its_layer(tmp_path / "bold.pdf").splitlines()[:2] == LINES[:2]


def test_a_letter_spaced_heading_is_read_as_its_words(tmp_path):
    """A type word set with wide character spacing (Word's 'Expanded by 3 pt') comes out of the text layer
    one letter at a time ('K Ế H O Ạ C H'); the page is no damage and the reader writes the word whole."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    text_pdf(tmp_path / "font.pdf", [["x"]])  # registers the embedded font
    c = canvas.Canvas(str(tmp_path / "spaced.pdf"), pagesize=A4)
    y = A4[1] - 60
    for k, line in enumerate(LINES):
        t = c.beginText(60, y)
        t.setFont("DejaVuSerif", 14 if k == 6 else 12)
        t.setCharSpace(4 if k == 6 else 0)  # the type word only
        t.textOut(line)
        c.drawText(t)
        y -= 18
    c.showPage()
    c.save()
    assert "K Ế H O Ạ C H" in _plan_read_from_its_layer(tmp_path / "spaced.pdf")  # as laid: the reader joins it


def _plan_read_from_its_layer(pdf) -> str:
    """The first page's text of a PDF of LINES, read from its text layer (no damage noted), whose header reads
    as the plan it is."""
    ef = extract_file(pdf, pdf.name, Settings())
    page = ef.documents[0].pages[0]
    assert page.source == TextSource.TEXT_LAYER and not _notes(ef)
    meta = parse_metadata(page.text)
    assert (meta.doc_type, meta.title) == ("KH", "Kế hoạch cải cách hành chính năm 2018")
    return page.text
