"""What a signed PDF carries outside its page content: digital-signature boxes, the gazette's stamp,
and the number and day an e-office system types into the blanks of the header.

Vietnamese e-office systems (VNPT SmartCA, Viettel-CA, …) sign a PDF with signature *widgets*:
annotations whose appearance stream draws a box (`Ký bởi: Ủy ban nhân dân tỉnh … / Cơ quan: … /
Thời gian ký: 07/02/2025 14:59:55`), the provincial gazette centre's stamp (`ttcbth@… 07.02.2025
15:53:02 +07:00`) and, on born-digital documents, the number and the day written into the blanks
of `Số:    /TB-UBND` and `ngày    tháng 11`. None of that is in the page's text layer, and PDFium
does not draw it unless forms are initialised, so both the text layer and OCR miss it.

Each widget's appearance is read with pdfminer (the same fonts and ToUnicode maps as the page) and
becomes a `Mark`. Blank fills are put back into the page's characters where they are drawn, so the
header reads `Số: 542 /TB-UBND` as printed; the marks stay on the page as provenance.
"""

from __future__ import annotations

import datetime as dt
import re
import types

from pipeline.core.model import Mark
from pipeline.core.normalize import fold, nfc
from pipeline.core.signboxes import BOX_LABEL, GARBLED_GAZETTE, GARBLED_SIGNATURE, SIGNED_AT, box_runs

# A fill is what goes into a blank: a few digits (the number, the day, the month), nothing more.
_FILL = re.compile(r"^\s*\d{1,5}\s*$")
# Digital signatures came to Vietnamese offices in the 2010s: a year outside these is a misread
SIGNING_YEARS = (2000, 2100)
_SIGNED_AT = re.compile(r"th[ờo]i\s*gian\s*k[ýy]\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*(\d{1,2}):(\d{2})(?::(\d{2}))?", re.I)
_GAZETTE_AT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(\d{1,2}):(\d{2})(?::(\d{2}))?")
_SIGNER = re.compile(r"(?:k[ýyíiỷỳỹỵ]\s*b[ởơớờoó]i|ng[ườuo]+i\s*k[ýyíiỷỳỹỵ])\s*:?\s*(.+?)(?=c[ơo]\s*quan\s*:|th[ờo]i\s*gian|$)",
                     re.I | re.S)
# A widget drawing this much text is a box, not a fill; bounded so a hostile file cannot make us
# interpret a huge appearance stream.
MAX_APPEARANCE_BYTES = 200_000


def _datetime(m: re.Match[str] | None) -> dt.datetime | None:
    """The match's date and time; its date alone (at midnight) when OCR garbled the time past reading; None
    for a year no signing system writes (OCR read a small box's "2025" as "1005")."""
    if not m:
        return None
    d, mo, y, h, mi, s = (int(g) if g else 0 for g in m.groups())
    if not SIGNING_YEARS[0] <= y <= SIGNING_YEARS[1]:
        return None
    try:
        return dt.datetime(y, mo, d, h, mi, s)
    except ValueError:
        try:
            return dt.datetime(y, mo, d)
        except ValueError:
            return None


def classify_mark(text: str, box: tuple[float, float, float, float], signature_field: bool = False) -> Mark:
    """A widget's text as a mark: a signature box, the gazette's stamp, a blank's fill, or other.
    `signature_field`: the widget is a /Sig field, whose box need not carry the usual labels
    (some signing tools print only the signer and the time)."""
    text = nfc(re.sub(r"[ \t]+", " ", text)).strip()
    flat = fold(text)
    if _FILL.match(text):
        return Mark(kind="fill", text=text.strip(), box=box)
    # the gazette centre's stamp, or the government portal's ("Người ký: Cổng Thông tin điện tử Chính phủ"):
    # when the text was published, not when it was signed
    if "@" in text or "cong bao" in flat or "cong thong tin dien tu" in flat:
        at = _datetime(_GAZETTE_AT.search(text)) or _datetime(SIGNED_AT.search(text))
        if at is not None:
            named = _SIGNER.search(text)
            if "@" in text:
                signer = text.split("@")[0].strip()
            else:
                signer = re.sub(r"\s+", " ", named.group(1)).strip(" ,") if named else None
            return Mark(kind="gazette", text=text, box=box, signed_at=at, signer=signer or None)
    if BOX_LABEL.search(flat) or signature_field:
        at = _datetime(_SIGNED_AT.search(text)) or _datetime(SIGNED_AT.search(text))
        signer = _SIGNER.search(text)
        if at is not None or "ky boi" in flat:
            return Mark(kind="signature", text=text, box=box, signed_at=at,
                        signer=re.sub(r"\s+", " ", signer.group(1)).strip(" ,") if signer else None)
    return Mark(kind="other", text=text, box=box)


def _appearance_chars(stream, rect: list[float]) -> list:
    """The LTChars an appearance stream draws, in page coordinates (PDF user space)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdftypes import resolve1

    bbox = [float(v) for v in (resolve1(stream.attrs.get("BBox")) or [0, 0, 1, 1])]
    bw, bh = (bbox[2] - bbox[0]) or 1.0, (bbox[3] - bbox[1]) or 1.0
    x0, y0, x1, y1 = min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
    # The form's BBox is mapped onto the annotation's Rect (PDF 32000 12.5.5, Matrix identity).
    sx, sy = (x1 - x0) / bw, (y1 - y0) / bh
    ctm = (sx, 0, 0, sy, x0 - bbox[0] * sx, y0 - bbox[1] * sy)
    rsrc = PDFResourceManager()
    device = PDFPageAggregator(rsrc)
    interp = PDFPageInterpreter(rsrc, device)
    device.begin_page(types.SimpleNamespace(pageid=1, mediabox=(0, 0, 1e5, 1e5)), ctm)
    interp.render_contents(resolve1(stream.attrs.get("Resources")) or {}, [stream], ctm=ctm)
    device.end_page(None)

    def walk(obj):
        if isinstance(obj, LTChar):
            yield obj
        elif hasattr(obj, "__iter__"):
            for child in obj:
                yield from walk(child)

    return list(walk(device.get_result()))


def widget_marks(page) -> tuple[list[Mark], list[dict]]:
    """The marks of a pdfplumber page's widgets, and the fills as pdfplumber char dicts to add to
    the page's characters (positions as drawn). Never raises: a widget we cannot read is skipped."""
    from pdfminer.pdftypes import resolve1

    marks: list[Mark] = []
    fill_chars: list[dict] = []
    try:
        annots = page.annots
    except Exception:  # noqa: BLE001 - a broken /Annots array: the page's own text still counts
        return [], []
    height = float(page.height)
    for annot in annots:
        try:
            data = annot.get("data") or {}
            ap = resolve1(data.get("AP"))
            normal = resolve1(ap.get("N")) if isinstance(ap, dict) else None
            if normal is None or not hasattr(normal, "get_data"):
                continue
            if len(normal.get_rawdata() or b"") > MAX_APPEARANCE_BYTES:
                continue
            rect = [float(v) for v in resolve1(data.get("Rect"))]
            chars = _appearance_chars(normal, rect)
        except Exception:  # noqa: BLE001 - one unreadable widget is one mark fewer, never a failed file
            continue
        text = "".join(c.get_text() for c in chars)
        if not text.strip():
            continue
        box = (round(float(annot["x0"]), 1), round(float(annot["top"]), 1),
               round(float(annot["x1"]), 1), round(float(annot["bottom"]), 1))
        field_type = resolve1(data.get("FT"))
        mark = classify_mark(text, box, signature_field=getattr(field_type, "name", None) == "Sig")
        marks.append(mark)
        if mark.kind == "fill":
            # One "character" for the whole fill: its glyphs are spaced by the widget's own font
            # metrics, which pdfplumber would read as gaps ("5 4 2").
            drawn = [c for c in chars if c.get_text().strip()]
            fill_chars.append(_as_plumber_char(drawn, mark.text, height, page))
    return marks, fill_chars


def _as_plumber_char(drawn: list, text: str, height: float, page) -> dict:
    x0, x1 = min(c.x0 for c in drawn), max(c.x1 for c in drawn)
    y0, y1 = min(c.y0 for c in drawn), max(c.y1 for c in drawn)
    first = drawn[0]
    return {
        "text": text, "fontname": first.fontname, "size": first.size, "adv": x1 - x0, "upright": True,
        "x0": x0, "x1": x1, "y0": y0, "y1": y1, "width": x1 - x0, "height": y1 - y0,
        "top": height - y1, "bottom": height - y0, "doctop": page.initial_doctop + height - y1,
        "matrix": first.matrix, "object_type": "char", "page_number": page.page_number,
        "stroking_color": None, "non_stroking_color": (0,), "mcid": None, "tag": None,
    }


def ocr_marks(text: str) -> list[Mark]:
    """The signature boxes and gazette stamps printed on a scanned page, from its OCR text
    (`pipeline.core.signboxes`): a signed PDF printed and scanned, or photographed, keeps its boxes only as
    print. Their box is unknown (0, 0, 0, 0); `read_by` says they were read by OCR."""
    lines = text.splitlines()
    marks: list[Mark] = []
    for first, last in box_runs(lines):
        run = "\n".join(lines[first: last + 1])
        mark = classify_mark(run, (0.0, 0.0, 0.0, 0.0))
        if mark.kind not in ("signature", "gazette"):
            mark = _garbled_box(run)
        if mark is not None and mark.signed_at is not None and not any(
                (m.kind, m.signed_at) == (mark.kind, mark.signed_at) for m in marks):
            marks.append(mark.model_copy(update={"read_by": "ocr", "text": " ".join(mark.text.split())}))
    return marks


_GARBLED_GAZETTE = re.compile(GARBLED_GAZETTE)
_GARBLED_SIGNATURE = re.compile(GARBLED_SIGNATURE)


def _garbled_box(text: str) -> Mark | None:
    """A box whose labels OCR garbled, told by what is left of them; None when nothing says which box."""
    flat = fold(text)
    at = _datetime(SIGNED_AT.search(text))
    if at is None:
        return None
    if _GARBLED_GAZETTE.search(flat):
        return Mark(kind="gazette", text=text, box=(0.0, 0.0, 0.0, 0.0), signed_at=at)
    if _GARBLED_SIGNATURE.search(flat):
        return Mark(kind="signature", text=text, box=(0.0, 0.0, 0.0, 0.0), signed_at=at)
    return None
