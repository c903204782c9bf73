"""Feedback letters to the communes: one DOCX per unit, in the layout of a district Home Affairs
office's notice (công văn, Nghị định 30/2020/NĐ-CP, Phụ lục I).

`write_letters(period, store, config, out)` writes `OUT/<unit>.docx` for every named unit of the
period's latest draft (a folder of no unit has no commune to write to: it is skipped and returned).
Layout: a borderless two-column header (left: "UBND HUYỆN …" / "PHÒNG NỘI VỤ", "Số:      /PNV", the
"V/v …" line; right: the national title and motto, the place-date line), "Kính gửi", the body, the
signature block (TRƯỞNG PHÒNG) beside "Nơi nhận". District names come from units.yaml.

The body has one section per kind of finding, so a commune clerk can act on each line: the missing
plans and periodic reports with their deadlines (catalog items), late and wrong-period documents,
contradicted citations, each duplicate group (its copies with files and pages, and the sub-criteria
that cite it: one copy is enough), each unreadable file to send again with its reason, then every
other flag with its own message, and the unit's total (confirmed when a confirmation exists, else
the draft's). Every flag of the unit appears in the letter: a flag no section words better is given
with its own message.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from pipeline.core.config import PERIOD_CODE, Config, EvidenceItem
from pipeline.core.i18n import _
from pipeline.core.model import DocumentOut, Draft, DuplicateGroup, Flag, UnitDraft
from pipeline.output.cells import fmt_number
from pipeline.output.docx_page import (
    in_sentence,
    new_document,
    remove_borders,
    save_atomic,
    set_column_widths,
    without_unit_word,
)
from pipeline.output.summary import district_table, units_from_confirmed

if TYPE_CHECKING:  # the store is the run's; outputs only receive one
    from pipeline.run.store import Store

TIMING = ("late_document", "wrong_period")
MISSING = ("missing_plan", "missing_report")
# characters that cannot be in a file name on Windows or POSIX, or would make it a path
_UNSAFE = set('/\\:*?"<>|') | {"\x00"}
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10)}


class LetterError(ValueError):
    """The letters cannot be written (bad period, no draft); the message says why."""


def safe_file_name(name: str) -> str:
    """A unit's name as a file name: NFC, no path separators, control or reserved characters, no
    leading dots (never a hidden file, never `..`)."""
    text = unicodedata.normalize("NFC", name)
    text = "".join("_" if (ch in _UNSAFE or unicodedata.category(ch).startswith("C")) else ch for ch in text)
    text = " ".join(text.split()).strip(" .")
    if text.split(".")[0].upper() in _RESERVED:  # "CON", "NUL.txt": devices, not files, on Windows
        text = "_" + text
    return text or "_"


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)


def _item_of(flag: Flag, config: Config) -> EvidenceItem | None:
    """The catalog item a missing_plan / missing_report flag is about: the criterion's plan (or
    periodic report) item whose title the message names; the only one when just one exists."""
    crit = config.catalog.criterion(flag.criterion or "")
    if crit is None:
        return None
    if flag.code == "missing_plan":
        items = [i for i in crit.items if i.required_plan]
    else:
        items = [i for i in crit.items if i.periodic_report]
    named = [i for i in items if i.title in flag.message]
    if named:
        return max(named, key=lambda i: len(i.title))  # "quý III (9 tháng)" before a shorter title it contains
    return items[0] if len(items) == 1 else None


def missing_line(flag: Flag, year: int, config: Config, confirmed: dict[str, tuple[float, float]] | None = None) -> str:
    """A missing plan or report as the commune reads it: the item, its sub-criterion, its deadline (and
    the confirmed score when there is one). Also the pre-submission check's list of what is lacking."""
    confirmed = confirmed or {}
    item = _item_of(flag, config)
    code = flag.criterion
    if item is None:
        line = flag.message.strip()
    else:
        deadline = item.deadline_in(year)
        if deadline is not None:
            line = _("{title} (sub-criterion {code}): not found; deadline {deadline}.").format(
                title=item.title, code=code, deadline=deadline.strftime("%d/%m/%Y"))
        else:
            line = _("{title} (sub-criterion {code}): not found.").format(title=item.title, code=code)
    if code in confirmed:
        score, maximum = confirmed[code]
        line += " " + _("Confirmed score: {score}/{max}.").format(score=fmt_number(score), max=fmt_number(maximum))
    return line


def document_name(doc: DocumentOut | None, config: Config) -> str:
    """"Kế hoạch số 05/KH-UBND" (also the pre-submission check's "đã có" notice); the title, else the file, when the symbol is unknown."""
    if doc is None:
        return ""
    dtype = config.catalog.doc_types.get(doc.doc_type or "")
    if doc.symbol:
        kind = dtype.name if dtype else _("document")
        return _("{type} No. {symbol}").format(type=kind, symbol=doc.symbol)
    return doc.title or doc.file or doc.id


def _citing_codes(group: DuplicateGroup, unit: UnitDraft, config: Config) -> list[str]:
    """The sub-criteria that cite any copy of the group, in catalog order."""
    ids = set(group.documents)
    codes = {c.code for c in unit.criteria if ids & set(c.documents)}
    for d in unit.documents:
        if d.id in ids:
            codes |= set(d.criteria)
    order = {c.code: i for i, c in enumerate(config.catalog.criteria())}
    return sorted(codes, key=lambda c: (order.get(c, len(order)), c))


def _duplicate_line(group: DuplicateGroup, unit: UnitDraft, config: Config) -> str:
    docs = {d.id: d for d in unit.documents}
    members = [docs[i] for i in group.documents if i in docs]
    kept = docs.get(group.keep) or (members[0] if members else None)
    copies = "; ".join(f"{d.file}, " + _("p. {pages}").format(pages=f"{d.first_page}-{d.last_page}")
                       for d in members)
    codes = _citing_codes(group, unit, config)
    return _("{n} copies of {document} were submitted ({copies}): only one copy is needed, cited for "
             "sub-criteria {codes}; {pages} pages fewer.").format(
        n=len(group.documents), document=document_name(kept, config), copies=copies,
        codes=", ".join(codes) or "—", pages=group.redundant_pages)


def unit_sections(unit: UnitDraft, year: int, config: Config,
                  confirmed: dict[str, tuple[float, float]] | None = None) -> list[Section]:
    """The body of one unit's letter: the non-empty sections, each flag in exactly one of them."""
    confirmed = confirmed or {}
    groups = unit.duplicate_groups
    missing = Section(_("Missing plans and periodic reports:"))
    timing = Section(_("Late documents and documents outside the period:"))
    cited = Section(_("Citations that do not match the documents:"))
    duplicates = Section(_("Documents submitted more than once:"))
    unreadable = Section(_("Files that could not be read (please send them again):"))
    other = Section(_("Other findings:"))
    grouped = {d for g in groups for d in g.documents}
    for f in unit.flags:
        code = f.code
        message = f.message.strip()
        if code in MISSING:
            missing.lines.append(missing_line(f, year, config, confirmed))
        elif code in TIMING:
            timing.lines.append(message)
        elif code == "contradicted_citation":
            cited.lines.append(message)
        elif code == "duplicate_copies" and f.document in grouped:
            continue  # worded through its group below
        elif code == "unreadable_file":
            unreadable.lines.append(_("{file}: {reason} Please send this file again.").format(
                file=f.file or "—", reason=message))
        else:
            other.lines.append(message)
    duplicates.lines = [_duplicate_line(g, unit, config) for g in groups]
    return [s for s in (missing, timing, cited, duplicates, unreadable, other) if s.lines]


def _total_line(unit: UnitDraft, config: Config, confirmed_total: float | None) -> str:
    self_total = fmt_number(unit.self_total) or "—"
    if confirmed_total is not None:
        return _("Confirmed total: {total}/{max} points (self-assessed: {self}).").format(
            total=fmt_number(confirmed_total), max=fmt_number(config.catalog.total), self=self_total)
    return _("Draft total, before the reviewers' appraisal: {total}/{max} points (self-assessed: {self}).").format(
        total=fmt_number(unit.draft_total), max=fmt_number(config.catalog.total), self=self_total)


def _para(container, text: str, bold: bool = False, italic: bool = False, size: float = 13,
          align=None, space_after: float = 0):
    p = container.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    return p


def _header(doc, config: Config, year: int) -> None:
    table = doc.add_table(rows=1, cols=2)
    remove_borders(table)
    set_column_widths(table, [Cm(6.5), Cm(11)])
    left, right = table.rows[0].cells
    left.text = right.text = ""
    center = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].add_run(_("PEOPLE'S COMMITTEE OF {DISTRICT}").format(
        DISTRICT=config.units.district.strip().upper())).font.size = Pt(12)
    left.paragraphs[0].alignment = center
    _para(left, _("HOME AFFAIRS OFFICE"), bold=True, size=12, align=center)
    _para(left, _("No.:      /PNV"), size=13, align=center)
    _para(left, _("Re: the evidence for the Administrative Reform Index {year}").format(year=year),
          size=12, align=center)
    right.paragraphs[0].add_run(_("SOCIALIST REPUBLIC OF VIETNAM")).bold = True
    right.paragraphs[0].runs[0].font.size = Pt(12)
    right.paragraphs[0].alignment = center
    _para(right, _("Independence - Freedom - Happiness"), bold=True, size=13, align=center)
    _para(right, "")
    _para(right, _("{place}, day … month … year …").format(place=without_unit_word(config.units.district)),
          italic=True, size=13, align=center)


def _signature(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    remove_borders(table)
    set_column_widths(table, [Cm(8.5), Cm(9)])
    left, right = table.rows[0].cells
    left.text = right.text = ""
    r = left.paragraphs[0].add_run(_("Recipients:"))
    r.bold, r.italic, r.font.size = True, True, Pt(12)
    _para(left, "- " + _("As above;"), size=11)
    _para(left, "- " + _("Filed: VT, PNV."), size=11)
    right.paragraphs[0].add_run(_("HEAD OF OFFICE")).bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_letter(unit: UnitDraft, period: str, config: Config, path: Path,
                 confirmed: dict[str, tuple[float, float]] | None = None,
                 confirmed_total: float | None = None) -> Path:
    """One unit's letter to `path` (written atomically); `confirmed`: code -> (score, max) of the
    unit's latest confirmation, `confirmed_total` their total (None: not confirmed, the draft's)."""
    confirmed = confirmed or {}
    year = int(period[:4])
    name = in_sentence(unicodedata.normalize("NFC", unit.unit))
    doc = new_document()
    _header(doc, config, year)
    _para(doc, "")
    _para(doc, _("To: the People's Committee of {unit}").format(unit=name), align=WD_ALIGN_PARAGRAPH.CENTER,
          space_after=6)
    _para(doc, _("The Home Affairs Office has checked the evidence of the Administrative Reform Index {year} that "
                 "{unit} submitted; its findings:").format(year=year, unit=name), space_after=6)
    sections = unit_sections(unit, year, config, confirmed)
    if not sections:
        _para(doc, _("No finding: the evidence needs nothing more."), space_after=6)
    for n, section in enumerate(sections, start=1):
        _para(doc, f"{n}. {section.heading}", bold=True, space_after=3)
        for line in section.lines:
            doc.add_paragraph(line, style="List Bullet")
    _para(doc, _total_line(unit, config, confirmed_total), bold=True, space_after=6)
    _para(doc, _("The Home Affairs Office asks the People's Committee of {unit} to send the missing documents and "
                 "the files that could not be read, and, for a document that serves several sub-criteria, to "
                 "submit one copy and cite it for each of them.").format(unit=name), space_after=12)
    _signature(doc)
    return save_atomic(doc, path)


@dataclass
class Letters:
    written: list[Path]
    skipped: list[str]  # folders of no unit: no commune to write to


def _draft(store: Store, period: str) -> Draft:
    draft = store.latest_draft(period)
    if draft is None:
        raise LetterError(_("Period {period} has no draft: run kiemchung run --period {period} first.").format(
            period=period))
    return draft


def _confirmed(store: Store, period: str, config: Config) -> tuple[dict, dict]:
    """unit -> {code: (score, max)} of the period's latest confirmation, and unit -> its total: the
    confirmed scores grouped and totalled as the district report does (one arithmetic)."""
    rows = store.confirmed_scores(period)
    confirmed: dict[str, dict[str, tuple[float, float]]] = {}
    for s in rows:
        confirmed.setdefault(s.unit, {})[s.code] = (s.score, s.max)
    totals = {r.unit: r.total for r in district_table(units_from_confirmed(rows), config).rows}
    return confirmed, totals


def write_unit_letter(unit: UnitDraft, period: str, store: Store, config: Config, path: Path) -> Path:
    """One unit's letter (the review workspace's download) from its entry of the draft the caller
    holds, with the period's confirmed scores, as `write_letters` writes it."""
    confirmed, totals = _confirmed(store, str(period), config)
    return write_letter(unit, str(period), config, Path(path), confirmed.get(unit.unit), totals.get(unit.unit))


def write_letters(period: str, store: Store, config: Config, out: Path) -> Letters:
    """Every named unit's letter for `period`, from its latest draft and, when the period is
    confirmed, the confirmed scores."""
    period = str(period)
    if not PERIOD_CODE.match(period):
        raise LetterError(_("“{period}” is not a period code such as 2018.").format(period=period))
    draft = _draft(store, period)
    confirmed, totals = _confirmed(store, period, config)
    out = Path(out)
    written, skipped, used = [], [], set()
    for unit in draft.units:
        if not unit.unit:
            skipped.append(unit.folder)
            continue
        stem = base = safe_file_name(unit.unit)
        k = 2
        while stem.casefold() in used:  # two names that differ only in unsafe characters or case
            stem, k = f"{base} ({k})", k + 1
        used.add(stem.casefold())
        written.append(write_letter(unit, period, config, out / f"{stem}.docx", confirmed.get(unit.unit),
                                    totals.get(unit.unit)))
    return Letters(written=written, skipped=skipped)
