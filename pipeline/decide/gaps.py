"""The flags of a unit: what is missing, late, out of period, doubtful or duplicated.

Every message says what was expected, what was found and where we looked, so a clerk can act
without opening the tool ("searched 23 documents of folder 'xa vinh thanh' for a KH titled like
'Kế hoạch ĐTBD CBCC'"). Codes are the contract's closed vocabulary; messages go through `_`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.core.config import Catalog, Settings, UnitsConfig
from pipeline.core.i18n import _
from pipeline.core.model import Document, DuplicateGroup, ExtractedFile, Flag, SelfAssessment
from pipeline.decide.matching import PERIOD_NAMES, RefusedCitation
from pipeline.decide.scoring import CriterionScore

FLAG_CODES = (
    "missing_evidence", "partial_evidence", "missing_plan", "missing_report", "late_document",
    "wrong_period", "contradicted_citation", "duplicate_copies", "self_score_exceeds_max", "no_self_assessment",
    "unreadable_file", "low_ocr_confidence", "unknown_unit",
)


@dataclass
class UnitEvidence:
    """What the flag rules look at, for one unit folder."""

    folder: str
    known_unit: bool
    catalog: Catalog
    settings: Settings
    year: int
    docs: Sequence[tuple[str, Document]]  # (id, document), in id order
    supporting: Mapping[str, Mapping[str, Sequence[str]]]  # code → item id → document ids
    scores: Mapping[str, CriterionScore]
    groups: Sequence[DuplicateGroup] = ()
    files: Sequence[ExtractedFile] = ()
    self_assessment: SelfAssessment | None = None
    self_assessment_found: bool = False
    duplicates_of: Mapping[str, str] = field(default_factory=dict)  # non-kept id → kept id
    refused_citations: Sequence[RefusedCitation] = ()  # cited by symbol, contradicted by date and title

    @property
    def searched(self) -> int:
        return sum(1 for _i, d in self.docs if not d.is_self_assessment)


def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:g}"


def _describe(doc_id: str, doc: Document) -> str:
    bits = [doc_id]
    if doc.meta.symbol:
        bits.append(doc.meta.symbol)
    if doc.meta.title:
        bits.append(f"'{doc.meta.title}'")
    bits.append(f"({doc.provenance.file})")
    return " ".join(bits)


def _searched_for(ev: UnitEvidence, types: Sequence[str], title: str) -> str:
    return _("searched {n} documents of folder '{folder}' for a {types} titled like '{title}'").format(
        n=ev.searched, folder=ev.folder, types="/".join(types), title=title)


def plan_and_report_flags(ev: UnitEvidence) -> list[Flag]:
    """missing_plan (one per absent required plan item), missing_report (one per absent period)."""
    flags = []
    for crit, item in ev.catalog.items():
        if ev.supporting.get(crit.code, {}).get(item.id):
            continue
        where = _searched_for(ev, item.types, item.title)
        if item.required_plan:
            flags.append(Flag(code="missing_plan", criterion=crit.code, message=_(
                "Required plan for {code} ({title}) not found: {where}.").format(
                code=crit.code, title=item.title, where=where)))
        if item.periodic_report:
            flags.append(Flag(code="missing_report", criterion=crit.code, message=_(
                "The {period} report for {code} ({title}) was not found: {where}.").format(
                period=PERIOD_NAMES[item.periodic_report], code=crit.code, title=item.title, where=where)))
    return flags


def timing_flags(ev: UnitEvidence) -> list[Flag]:
    """late_document / wrong_period, one per (document, criterion); a duplicate copy is flagged
    through the copy that is kept."""
    from pipeline.decide.scoring import item_points

    docs = dict(ev.docs)
    flags = []
    for crit in ev.catalog.criteria():
        late: dict[str, str] = {}
        wrong: dict[str, str] = {}
        for item in crit.items:
            for doc_id in ev.supporting.get(crit.code, {}).get(item.id, ()):
                if doc_id in ev.duplicates_of:
                    continue
                doc = docs[doc_id]
                factor = ev.catalog.late_factor
                _pts, status = item_points(item, doc.meta.date, ev.year, factor)
                if status == "late" and doc_id not in late:
                    if factor == 0.5:
                        counts = _("it counts for half points.")
                    else:
                        counts = _("it counts for {percent}% of its points.").format(percent=round(factor * 100))
                    late[doc_id] = _(
                        "{doc} is dated {date}, after the deadline {deadline} of {code} ({title}): "
                        "{counts}").format(
                        doc=_describe(doc_id, doc), date=doc.meta.date.strftime("%d/%m/%Y"),
                        deadline=item.deadline_in(ev.year).strftime("%d/%m/%Y"), code=crit.code, title=item.title,
                        counts=counts)
                elif status == "wrong_period" and doc_id not in wrong:
                    wrong[doc_id] = _(
                        "{doc} is dated {date}, outside the period {year}: it earns no points for {code} "
                        "({title}).").format(
                        doc=_describe(doc_id, doc), date=doc.meta.date.strftime("%d/%m/%Y"), year=ev.year,
                        code=crit.code, title=item.title)
        flags += [Flag(code="late_document", criterion=crit.code, document=d, message=m,
                       file=docs[d].provenance.file) for d, m in late.items()]
        flags += [Flag(code="wrong_period", criterion=crit.code, document=d, message=m,
                       file=docs[d].provenance.file) for d, m in wrong.items()]
    return flags


def citation_flags(ev: UnitEvidence) -> list[Flag]:
    """contradicted_citation: the self-assessment cites a symbol the inbox holds, but with another
    date, and that document's title belongs to other sub-criteria: cited what, found what."""
    docs = dict(ev.docs)
    flags = []
    for r in ev.refused_citations:
        flags.append(Flag(code="contradicted_citation", criterion=r.code, document=r.document,
                          file=docs[r.document].provenance.file, message=_(
            "The self-assessment cites {cited} of {cited_date} for {code}; the inbox's {doc} is dated {date} "
            "and its title matches {others}, not {code}: not counted as evidence of {code}. Check which "
            "document the unit meant.").format(
            cited=r.cited, cited_date=r.cited_date.strftime("%d/%m/%Y"), code=r.code,
            doc=_describe(r.document, docs[r.document]), date=r.date.strftime("%d/%m/%Y"),
            others=", ".join(r.title_codes))))
    return flags


def self_score_flags(ev: UnitEvidence) -> list[Flag]:
    """missing_evidence, partial_evidence, self_score_exceeds_max."""
    flags = []
    sa = ev.self_assessment
    for crit in ev.catalog.criteria():
        row = sa.rows.get(crit.code) if sa else None
        if row is None or row.self_score is None:
            continue
        sc = ev.scores[crit.code]
        if row.self_score > crit.max:
            flags.append(Flag(code="self_score_exceeds_max", criterion=crit.code, message=_(
                "The self-assessment claims {self} points for {code}, above its maximum {max}.").format(
                self=_fmt(row.self_score), code=crit.code, max=_fmt(crit.max))))
        if row.self_score <= 0:
            continue
        if not sc.documents:
            expected = "; ".join(f"{'/'.join(i.types)} '{i.title}'" for i in crit.items)
            cited = ", ".join(row.cited) if row.cited else _("none cited")
            flags.append(Flag(code="missing_evidence", criterion=crit.code, message=_(
                "Self-score {self} for {code}, but no document supports it: searched {n} documents of "
                "folder '{folder}' for {expected}, and for the documents the self-assessment cites ({cited})."
            ).format(self=_fmt(row.self_score), code=crit.code, n=ev.searched, folder=ev.folder,
                     expected=expected, cited=cited)))
        elif sc.evidence < row.self_score:  # a claim above the maximum is also more than the evidence
            counted = ", ".join(f"{r.item.id}: {r.document or '—'} {_fmt(r.points)}/{_fmt(r.item.points)}"
                                for r in sc.items)
            flags.append(Flag(code="partial_evidence", criterion=crit.code, message=_(
                "Self-score {self} for {code}, but the supporting documents earn {evidence} points ({counted})."
            ).format(self=_fmt(row.self_score), code=crit.code, evidence=_fmt(sc.evidence), counted=counted)))
    return flags


def file_flags(ev: UnitEvidence) -> list[Flag]:
    """unreadable_file (one per quarantined file), low_ocr_confidence (one per document)."""
    flags = []
    for f in ev.files:
        if f.status == "quarantined":
            flags.append(Flag(code="unreadable_file", file=f.path, message=f.error or _(
                "The file could not be read.")))
    floor = ev.settings.ocr.low_confidence
    for doc_id, doc in ev.docs:
        conf = ocr_confidence(doc)
        if doc.ocr and conf is not None and conf < floor:
            flags.append(Flag(code="low_ocr_confidence", document=doc_id, file=doc.provenance.file, message=_(
                "OCR confidence of {doc}, pages {first}-{last}, is {conf}, below {floor}: a person should "
                "check its text and metadata.").format(
                doc=_describe(doc_id, doc), first=doc.provenance.first_page, last=doc.provenance.last_page,
                conf=f"{conf:.2f}", floor=f"{floor:.2f}")))
    return flags


def ocr_confidence(doc: Document) -> float | None:
    if doc.provenance.ocr_confidence is not None:
        return doc.provenance.ocr_confidence
    confs = [p.ocr_confidence for p in doc.pages if p.ocr_confidence is not None]
    return sum(confs) / len(confs) if confs else None


def duplicate_flags(ev: UnitEvidence) -> list[Flag]:
    docs = dict(ev.docs)
    flags = []
    for g in ev.groups:
        copies = ", ".join(
            f"{d} ({docs[d].provenance.file}, "
            + _("p. {pages}").format(pages=f"{docs[d].provenance.first_page}-{docs[d].provenance.last_page}")
            + ")" for d in g.documents)
        flags.append(Flag(code="duplicate_copies", document=g.keep, file=docs[g.keep].provenance.file, message=_(
            "The same document was submitted {n} times: {copies}. Keep {keep} and cite one copy for all the "
            "sub-criteria it serves; {pages} pages saved.").format(
            n=len(g.documents), copies=copies, keep=g.keep, pages=g.redundant_pages)))
    return flags


def unit_flags(ev: UnitEvidence, units: UnitsConfig | None = None) -> list[Flag]:
    """Every flag of one unit folder, sorted deterministically (code order of the contract)."""
    flags: list[Flag] = []
    if not ev.known_unit and not ev.folder:
        flags.append(Flag(code="unknown_unit", message=_(
            "Files placed directly in the inbox, outside any unit folder.")))
    elif not ev.known_unit:
        names = ", ".join(u.name for u in units.units) if units else ""
        flags.append(Flag(code="unknown_unit", message=_(
            "Folder '{folder}' matches no configured unit (expected one of: {names}); its files were still "
            "read.").format(folder=ev.folder, names=names)))
    if not ev.self_assessment_found and ev.known_unit:
        # A folder of no unit owes no self-assessment: its unknown_unit flag says all there is to say.
        flags.append(Flag(code="no_self_assessment", message=_(
            "No self-assessment report found: searched {n} documents of folder '{folder}' for a report "
            "with a score table of the catalog's sub-criteria.").format(n=len(ev.docs), folder=ev.folder)))
    if ev.known_unit:
        # A folder of no unit (shared district papers, a misnamed folder) owes no plans or reports.
        flags += plan_and_report_flags(ev)
        flags += timing_flags(ev)
        flags += citation_flags(ev)
        flags += self_score_flags(ev)
    flags += duplicate_flags(ev)
    flags += file_flags(ev)
    return sort_flags(flags, ev.catalog)


def sort_flags(flags: list[Flag], catalog: Catalog) -> list[Flag]:
    order = {c.code: i for i, c in enumerate(catalog.criteria())}
    code_order = {c: i for i, c in enumerate(FLAG_CODES)}

    def key(f: Flag) -> tuple:
        doc = f.document or ""
        num = int(doc[1:]) if doc[1:].isdigit() else -1
        return (order.get(f.criterion, -1) if f.criterion else -1, code_order.get(f.code, 99), num,
                f.file or "", f.message)

    return sorted(flags, key=key)
