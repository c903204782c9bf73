"""Where each header field of a document was read, how sure that is, and what else agrees.

`parse_metadata` reads the header's text. This step knows more than the text: the signature
widgets of a signed PDF (the time it was signed, the number typed into the blank at signing) and
the handwritten blanks' digit readings with their alternatives. It records, for the symbol and the
date, where the value came from (`header`, `header (typed in at signing)`, `handwritten blank`,
`signature box`) and how sure, cross-checks a handwritten day against the signing time, and when
the day cannot be read says so: a null with its reason, or the signing day marked as such. A value
from the body is never used.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from pipeline.core.i18n import _
from pipeline.core.model import BlankReading, DamagedLayer, DocMeta, Document, FieldSource, Mark, TextSource
from pipeline.core.normalize import fold
from pipeline.read.dates import latest_cited_date
from pipeline.read.metadata import parse_metadata, place_date_month

# A document is signed on its date or a few days after: on the 13 real signed documents of a
# provincial People's Committee the delay was 0 days (7), 1 (3), 2 (1) and 3 (1). A handwritten
# reading that would put the signature before the date, or more than this after it, is less
# believable than the signing day itself (the digit reader is unsure of a crossed 7 or a hooked 1).
MAX_SIGNING_DELAY_DAYS = 3
# A signing time read by OCR from a box printed on a scan: its digits may be misread, so a date taken from it
# is less sure than one from the PDF's own signature widget (0.55-0.6).
OCR_MARK_CONFIDENCE = 0.45
# Below this, a handwritten reading is shown as uncertain in its provenance.
SURE_BLANK = 0.35
# How sure a number from the file's name is (`number_in_file_name`): the symbol written out ("47-QD-UBND …"), or
# a name that is only a number and a type ("46 TB.signed.pdf"), which a commune's submission order may also be.
# It makes a handwritten reading of the same number this sure, or takes the digit reader's other reading it names.
FILE_NAME_CONFIDENCE = {"code": 0.8, "type": 0.6}
# How sure a number is that the file's name contradicts.
FILE_NAME_DOUBT = 0.3
# How sure a date is when the text cites a document dated after it.
CONTRADICTED_DATE_CONFIDENCE = 0.3
# A number or date from a damaged text layer's digits (the page drawn as text, its font lost letters): the
# digits are the document's own, read by no OCR.
DAMAGED_LAYER_CONFIDENCE = 0.9
DAMAGED_LAYER = "text layer (letters lost)"
# How sure OCR's number or date is when a damaged text layer over the scan (another program's OCR) reads it
# otherwise.
DOUBTED_BY_LAYER_CONFIDENCE = 0.5
# A number or date only a damaged layer over the scan gives (OCR read none): another program's reading.
SCAN_LAYER_CONFIDENCE = 0.6


def _blank(doc: Document, field: str) -> BlankReading | None:
    page = doc.pages[0] if doc.pages else None
    return next((b for b in page.blanks if b.field == field), None) if page else None


def _base_confidence(doc: Document) -> float:
    page = doc.pages[0] if doc.pages else None
    if page is None or page.source != TextSource.OCR:
        return 0.99
    return round(page.ocr_confidence or 0.5, 2)


# What is added to the end of the name a clerk gave a file: the signing tool's ".signed", an uploader's or a
# scanner's time stamp ("_20250513_162846"), a browser's second download (" (1)").
_NAME_TAIL = re.compile(r"(?:[._ -]signed|[_ -]\d{8}(?:[_ -]?\d{4,6})?|\s*\(\d+\))$")
_NAME_SEP = r"\s*[-_ ./]?\s*"
_YEAR = re.compile(r"(19|20)\d\d")  # a number in a file's name that is a year names no document


def number_in_file_name(path: str, code: str) -> tuple[str, str] | None:
    """The document's number as a clerk typed it into the file's name, and how it stands there.

    `code`: right before the symbol code's first two tokens ("47 QĐ UB.signed.pdf", "47-QD-UBND mien nhiem.pdf"
    for a "…/QĐ-UBND" blank; the second may be shortened, "UB" for "UBND"): the symbol written out.
    `type`: a name that is nothing but the number and the code's first token, with at most one short word
    after it ("46 TB.signed.pdf", "23BC.pdf", "86 QĐ CT.signed.pdf", "04 QĐ 138.pdf", "574 UB.pdf": how a
    provincial office's clerk names what is signed): weaker, as a commune may number its submissions so.
    A file numbered in submission order with its subject ("07_qd_mien nhiem.pdf") names no document number.
    None unless exactly one number fits; a year never counts."""
    tokens = [re.escape(fold(t)) for t in re.split(r"[-/.]", code) if t]
    if len(tokens) < 2:
        return None
    name = fold(PurePosixPath(path).name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    while (trimmed := _NAME_TAIL.sub("", stem)) != stem:
        stem = trimmed
    rx = rf"(?<!\d)(\d{{1,5}}){_NAME_SEP}{tokens[0]}{_NAME_SEP}{_shortened(tokens[1])}(?![a-z])"
    found = {m.group(1) for m in re.finditer(rx, stem)}
    found = {n for n in found if not _YEAR.fullmatch(n)}
    if found:
        return (found.pop(), "code") if len(found) == 1 else None
    m = re.fullmatch(rf"\s*(\d{{1,5}}){_NAME_SEP}{_shortened(tokens[0])}(?:{_NAME_SEP}[a-z0-9]{{1,6}})?\s*", stem)
    return (m.group(1), "type") if m and not _YEAR.fullmatch(m.group(1)) else None


def _shortened(token: str) -> str:
    """A code's token as clerks shorten it in names: "UB" for "UBND", "TT" for "TTr"."""
    return token[:2] + r"[a-z]*" if len(token) > 2 and token.isalpha() else token


def mark_where(mark: Mark) -> str:
    """Where a date taken from a mark was read: the PDF's signature widget, or the box printed on the scan."""
    what = "signature box" if mark.kind == "signature" else "gazette stamp"
    return what if mark.read_by == "widget" else f"{what} printed on the page (OCR)"


def signing_time(marks: list[Mark]) -> tuple[dt.datetime, Mark] | None:
    """The issuer's signing time (the signature box), else the gazette's; the earliest when several."""
    for kind in ("signature", "gazette"):
        found = [(m.signed_at, m) for m in marks if m.kind == kind and m.signed_at]
        if found:
            return min(found, key=lambda x: x[0])
    return None


def crosscheck(meta: DocMeta, doc: Document, header_text: str) -> DocMeta:
    """`meta` with `sources` and `unread` filled and the date cross-checked (a new object)."""
    meta = meta.model_copy(deep=True)
    page = doc.pages[0] if doc.pages else None
    marks = page.marks if page else []
    if meta.date:  # a box read by OCR in another year than the header prints misread its year ("2035" for "2025")
        marks = [m for m in marks if m.read_by != "ocr" or m.signed_at is None
                 or m.signed_at.year in (meta.date.year, meta.date.year + 1)]
    signed = signing_time(marks)
    base = _base_confidence(doc)
    symbol_source, date_source, doubts = _damaged_layer_digits(meta, page.damaged_layer if page else None,
                                                               header_text)

    # ---- symbol -----------------------------------------------------------------------------
    code = _symbol_code(meta)
    named = number_in_file_name(doc.provenance.file, code) if code else None
    if symbol_source is not None:
        meta.sources["symbol"] = symbol_source
    elif meta.symbol:
        fill = next((m for m in marks if m.kind == "fill" and m.text == (meta.number or "").strip()), None)
        blank = _blank(doc, "number")
        if fill is not None:
            meta.sources["symbol"] = FieldSource(where="header (number typed into the blank at signing)",
                                                 confidence=0.99, note=_("signature widget: {text}").format(text=fill.text))
        elif blank is not None and _same_number(blank.text, meta.number or ""):
            meta.sources["symbol"] = _handwritten_number(meta, blank, named, doc.provenance.file)
        else:
            meta.sources["symbol"] = FieldSource(where="header", confidence=base)
            if named and named[1] == "code" and not _same_number(named[0], meta.number or ""):
                meta.sources["symbol"] = _doubted(meta.sources["symbol"], FILE_NAME_DOUBT, _(
                    "the file's name '{name}' gives the number {num}: check it").format(
                    name=PurePosixPath(doc.provenance.file).name, num=named[0]))
    elif meta.symbol_code and named:
        num, how = named
        _renumbered(meta, num)
        meta.sources["symbol"] = FieldSource(
            where="file name", confidence=FILE_NAME_CONFIDENCE[how],
            note=_("the number blank of the header (Số: … /{code}) is empty or unreadable; the file's name '{name}' "
                   "gives {num}").format(code=meta.symbol_code, name=PurePosixPath(doc.provenance.file).name, num=num)
            + ("" if how == "code" else "; " + _("the name holds only a number and the type: check it")))
    elif meta.symbol_code:
        meta.unread["symbol"] = _("the number blank of the header (Số: … /{code}) is empty or unreadable").format(
            code=meta.symbol_code)
    else:
        meta.unread["symbol"] = _("no number line (Số: …) could be read in the header")

    # ---- date -------------------------------------------------------------------------------
    day_blank = _blank(doc, "day")
    if meta.blank_day_month:
        month = (int(meta.blank_day_month[:4]), int(meta.blank_day_month[5:]))
    else:
        month = place_date_month(header_text)
    if date_source is not None:
        meta.sources["date"] = date_source
    elif meta.date and day_blank is not None and str(meta.date.day) == day_blank.text.lstrip("0"):
        meta.date, source = _check_handwritten_day(meta.date, day_blank, signed)
        if source is not None:
            meta.sources["date"] = source
        else:
            meta.unread["date"] = _("the handwritten day could not be read and no signature box dates the document")
    elif meta.date:
        fill = next((m for m in marks if m.kind == "fill" and m.text.lstrip("0") == str(meta.date.day)), None)
        if fill is not None:
            meta.sources["date"] = FieldSource(where="header (day typed into the blank at signing)", confidence=0.99,
                                               note=_("signature widget: {text}").format(text=fill.text))
        elif "date" not in meta.sources:  # the header reader may have said more (a year it corrected)
            meta.sources["date"] = FieldSource(where="header", confidence=base)
    elif signed is not None and (month is None or month == (signed[0].year, signed[0].month)):
        at, mark = signed
        meta.date = at.date()
        meta.unread.pop("date", None)
        what = mark_where(mark)
        meta.sources["date"] = FieldSource(
            where=what, confidence=0.6 if mark.read_by == "widget" else OCR_MARK_CONFIDENCE,
            note=_("the day of the place-date line could not be read; the {what} says signed {at}: a document is "
                   "often dated a day or more before it is signed").format(what=_(what), at=f"{at:%d/%m/%Y %H:%M:%S}"))
    elif month is not None:
        # the header reader may have said why already (a year after today)
        meta.unread.setdefault("date", _("the day of the place-date line (… tháng {month} năm {year}) is blank or unreadable").format(
            month=f"{month[1]:02d}", year=month[0]))
    else:
        meta.unread.setdefault("date", _("no place-date line (…, ngày … tháng … năm …) could be read in the header"))
    if meta.date and "date" in meta.sources and (cited := latest_cited_date(header_text)) and cited[0] > meta.date:
        # An OCR'd year or day gone wrong (2023 for 2025 on a coarse scan) or a typing slip: the value stays, the
        # reviewer is told what contradicts it
        meta.sources["date"] = _doubted(meta.sources["date"], CONTRADICTED_DATE_CONFIDENCE, _(
            "the text cites {cited}, later than this date: a document is not dated before a document it "
            "cites; check the day and the year").format(cited=cited[1]))
    for field, doubt in doubts.items():
        if field in meta.sources:
            meta.sources[field] = _doubted(meta.sources[field], DOUBTED_BY_LAYER_CONFIDENCE, doubt)
    if meta.title:
        meta.sources.setdefault("title", FieldSource(where="header", confidence=base))
    if meta.doc_type:
        meta.sources.setdefault("doc_type", FieldSource(where="header", confidence=base))
    return meta


def _doubted(src: FieldSource, confidence: float, why: str) -> FieldSource:
    """`src` made no surer than `confidence`, `why` added to its note: the value stays, the reviewer is told."""
    return src.model_copy(update={"confidence": min(src.confidence, confidence),
                                  "note": f"{src.note}; {why}" if src.note else why})


def _same_number(a: str, b: str) -> bool:
    return bool(a) and a.lstrip("0") == b.lstrip("0")


def _renumbered(meta: DocMeta, num: str) -> None:
    """`meta`'s symbol with `num` for its number (or the empty blank's code after it), and its number."""
    if meta.symbol and meta.number and meta.symbol.startswith(meta.number):
        meta.symbol = num + meta.symbol[len(meta.number):]
    else:
        meta.symbol = f"{num}{meta.symbol or '/' + (meta.symbol_code or '')}"
    meta.number = num


def _symbol_code(meta: DocMeta) -> str | None:
    """The symbol's code after its number ("CT-UBND" of "11/CT-UBND"), or the code of an empty number blank."""
    if meta.symbol and meta.number and meta.symbol.startswith(meta.number):
        return meta.symbol[len(meta.number):].lstrip("/") or None
    return meta.symbol_code


def _handwritten_number(meta: DocMeta, blank: BlankReading, named: tuple[str, str] | None, file: str) -> FieldSource:
    """The handwritten number's source, checked against the number the file's name gives: the same number makes
    it surer; a number among the digit reader's other readings is taken (`meta` changed), and said; another
    number is a doubt."""
    alts = ", ".join(f"{t} {s:.2f}" for t, s in blank.alternatives[1:4])
    note = _("number written by hand, read digit by digit (OCR had read '{ocr}'); other readings: {alts}").format(
        ocr=blank.ocr_read or "", alts=alts)
    source = FieldSource(where="handwritten blank", confidence=round(blank.confidence, 2),
                         note=note + ("" if blank.confidence >= SURE_BLANK else "; " + _("uncertain: check it")))
    if named is None:
        return source
    num, how = named
    name = PurePosixPath(file).name
    if _same_number(num, blank.text):
        return FieldSource(where="handwritten blank", confidence=max(source.confidence, FILE_NAME_CONFIDENCE[how]),
                           note=note + "; " + _("the file's name '{name}' gives the same number").format(name=name))
    other = next((score for text, score in blank.alternatives[1:] if _same_number(num, text)), None)
    if other is None:
        return _doubted(source, FILE_NAME_DOUBT, _("the file's name '{name}' gives the number {num}: check it").format(
            name=name, num=num))
    _renumbered(meta, num)
    return FieldSource(where="handwritten blank", confidence=FILE_NAME_CONFIDENCE[how], note=_(
        "number written by hand, read {best} ({p:.2f}) or {num} ({q:.2f}); the file's name '{name}' gives {num}: "
        "taken").format(best=blank.text, p=blank.confidence, num=num, q=other, name=name))


def _code_letters(symbol: str) -> str:
    """A symbol's code without its number, folded to letters and digits ("05/QĐ-UBND" → "qdubnd")."""
    return re.sub(r"[^a-z0-9]", "", fold(re.sub(r"^\s*\d+", "", symbol)))


def _same_code(ours: str, theirs: str) -> bool:
    """Whether the layer's symbol has OCR's code, allowing for the letters the layer lost ("Q-UBND" for
    "QĐ-UBND"): the shorter, letter for letter, inside the longer."""
    a, b = sorted((_code_letters(ours), _code_letters(theirs)), key=len)
    rest = iter(b)
    return bool(a) and all(c in rest for c in a)


def _one_part_differs(a: dt.date, b: dt.date) -> bool:
    """A misread day, month or year: the same place-date line read twice differs in one part at most."""
    return sum((a.day != b.day, a.month != b.month, a.year != b.year)) == 1


def _damaged_layer_digits(meta: DocMeta, layer: DamagedLayer | None, header_text: str
                          ) -> tuple[FieldSource | None, FieldSource | None, dict[str, str]]:
    """Where the page's own text layer was damaged and the page was read by OCR, the number and the date the
    layer's header gives, against OCR's. Only where the two are the same line read twice: the same symbol code
    (the layer's number for OCR's, or for OCR's empty blank), a date one part apart, or the day of the month
    and year OCR read (a damaged layer hides the words that tell a body's citation from the header's lines,
    so what the layer alone gives is not taken).
    On a page drawn as text (its font lost letters, its digits are the document's own) the layer's digits
    win, put into `meta`: the sources to record. Over a scan the layer is another program's OCR: it fills the
    number or the day OCR could not read, and a disagreement only makes OCR's value doubtful (field → note)."""
    if layer is None:
        return None, None, {}
    theirs = parse_metadata(layer.text)
    symbol_source = date_source = None
    doubts: dict[str, str] = {}
    ours_code = meta.symbol or (f"/{meta.symbol_code}" if meta.symbol_code else "")
    if (theirs.number and theirs.symbol and ours_code and _same_code(ours_code, theirs.symbol)
            and (meta.number or "").lstrip("0") != theirs.number.lstrip("0")):
        ocr = meta.symbol or ""
        said = _("the text layer another program's OCR left in the PDF reads the number {num}").format(num=theirs.number)
        if not layer.drawn and meta.number:
            doubts["symbol"] = said
        else:
            _renumbered(meta, theirs.number)
            meta.unread.pop("symbol", None)
            symbol_source = FieldSource(where=DAMAGED_LAYER, confidence=DAMAGED_LAYER_CONFIDENCE, note=_(
                "the PDF's own text layer, whose font lost letters, gives the number {num}; OCR had read '{ocr}'"
            ).format(num=theirs.number, ocr=ocr)) if layer.drawn else FieldSource(
                where=DAMAGED_LAYER, confidence=SCAN_LAYER_CONFIDENCE, note=said)
    same_line = theirs.date and (
        _one_part_differs(meta.date, theirs.date) if meta.date
        else place_date_month(header_text) == (theirs.date.year, theirs.date.month))
    if same_line:
        said = _("the text layer another program's OCR left in the PDF reads the date {date}").format(
            date=f"{theirs.date:%d/%m/%Y}")
        if not layer.drawn and meta.date:
            doubts["date"] = said
        else:
            ocr = f"{meta.date:%d/%m/%Y}" if meta.date else ""
            meta.date = theirs.date
            meta.unread.pop("date", None)
            date_source = FieldSource(where=DAMAGED_LAYER, confidence=DAMAGED_LAYER_CONFIDENCE, note=_(
                "the PDF's own text layer, whose font lost letters, gives the date {date}; OCR had read '{ocr}'"
            ).format(date=f"{theirs.date:%d/%m/%Y}", ocr=ocr)) if layer.drawn else FieldSource(
                where=DAMAGED_LAYER, confidence=SCAN_LAYER_CONFIDENCE, note=said)
    return symbol_source, date_source, doubts


def _check_handwritten_day(date: dt.date, blank: BlankReading, signed) -> tuple[dt.date | None, FieldSource | None]:
    """A handwritten day against the signing time: keep it when the signature fits it, else give
    the signing day — and say which."""
    if signed is None:
        return date, FieldSource(where="handwritten blank", confidence=round(blank.confidence, 2),
                                 note=_("day written by hand, read digit by digit (OCR had read '{ocr}')").format(
                                     ocr=blank.ocr_read or ""))
    at, mark = signed

    def fits(d: dt.date) -> bool:
        return 0 <= (at.date() - d).days <= MAX_SIGNING_DELAY_DAYS

    if fits(date):
        return date, FieldSource(where="handwritten blank", confidence=round(min(0.95, blank.confidence + 0.3), 2),
                                 note=_("day written by hand; agrees with the signature box ({at})").format(
                                     at=f"{at:%d/%m/%Y %H:%M}"))
    if mark.read_by == "ocr":
        # A box printed on a scan is read by OCR too, small and often under the seal (a real signing day 07
        # read 03): one uncertain reading does not overrule another. The day stays, doubted.
        return date, FieldSource(
            where="handwritten blank", confidence=round(min(blank.confidence, OCR_MARK_CONFIDENCE), 2),
            note=_("day written by hand (read {best}); the signature box printed on the page reads {at}, which does "
                   "not fit it: check the page").format(best=blank.text, at=f"{at:%d/%m/%Y %H:%M}"))
    # The reader was wrong on this glyph (a crossed 7, a hooked 1): another of its guesses that
    # happens to fit is weaker evidence than the signing system's own timestamp.
    return at.date(), FieldSource(
        where=mark_where(mark), confidence=0.55,
        note=_("the handwritten day (read {best}) does not fit the signature time {at}; the signing day is given "
               "instead: check the page").format(best=blank.text, at=f"{at:%d/%m/%Y %H:%M:%S}"))
