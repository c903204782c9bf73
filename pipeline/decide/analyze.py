"""One unit folder, from extracted files to its `UnitDraft` (one entry of draft.json).

Pure and deterministic: the same files give the same draft, field for field. Steps: number the
documents (d1, d2, … by file path then first page), read the self-assessment, match every
document to the catalog (citations, titles), find duplicate copies, score, raise flags.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from pipeline.core.config import Config, Unit
from pipeline.core.i18n import _
from pipeline.core.model import (
    CriterionOut,
    Document,
    DocumentOut,
    ExtractedFile,
    FileOut,
    Match,
    MatchOut,
    SelfAssessment,
    UnitDraft,
    source_of,
)
from pipeline.decide.dedupe import find_duplicates
from pipeline.decide.gaps import UnitEvidence, ocr_confidence, unit_flags
from pipeline.decide.matching import match_documents, numbers_from_citations, refused_citations
from pipeline.decide.scoring import score_criterion, totals
from pipeline.decide.suggest import suggest
from pipeline.decide.taught import TaughtRule, apply_taught
from pipeline.inbox.quarantine import message as problem_message


def period_year(period: str) -> int:
    """'2018' → 2018; '2018-commune' or 'kỳ 2018' → 2018."""
    m = re.search(r"(19|20)\d\d", str(period))
    if not m:
        raise ValueError(f"period {period!r} names no year")
    return int(m.group(0))


def number_documents(files: Sequence[ExtractedFile]) -> list[tuple[str, Document]]:
    """(id, document) in order of (file path, first page): d1, d2, …"""
    docs = [d for f in files for d in f.documents]
    docs.sort(key=lambda d: (d.provenance.file, d.provenance.first_page, d.provenance.last_page))
    return [(f"d{i}", d) for i, d in enumerate(docs, 1)]


def _parse(doc: Document, config: Config) -> SelfAssessment | None:
    if doc.self_assessment is not None:
        return doc.self_assessment
    from pipeline.read.selfassess import parse_self_assessment

    return parse_self_assessment(doc, config.catalog, config.settings.self_assessment.name_threshold)


def choose_self_assessment(
    docs: Sequence[tuple[str, Document]], config: Config
) -> tuple[str | None, SelfAssessment | None]:
    """The self-assessment document and its table; with several, the most complete table
    (most rows with a score, then most rows, then the first)."""
    best: tuple[tuple, str, SelfAssessment | None] | None = None
    for pos, (doc_id, doc) in enumerate(docs):
        if not doc.is_self_assessment:
            continue
        sa = _parse(doc, config)
        scored = sum(1 for r in sa.rows.values() if r.self_score is not None) if sa else 0
        rows = len(sa.rows) if sa else 0
        key = (-scored, -rows, pos)
        if best is None or key < best[0]:
            best = (key, doc_id, sa)
    if best is None:
        return None, None
    return best[1], best[2]


def _file_error(f: ExtractedFile) -> str | None:
    """A quarantined file's sentence in the current language, when its code allows re-rendering."""
    if f.status != "quarantined" or not f.error_code:
        return f.error
    from pipeline.inbox.quarantine import message

    try:
        return message(f.error_code, f.error_params)
    except Exception:  # a stored code this version no longer knows: keep the stored sentence
        return f.error


def _match_out(m: Match) -> MatchOut:
    return MatchOut(score=m.score, why=m.why, rule=m.rule, item=m.item, phrase=m.phrase)


def _round(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(x, nd)


def analyze_unit(
    unit: Unit | None, folder: str, files: list[ExtractedFile], config: Config, period: str,
    taught: Sequence[TaughtRule] = (),
) -> UnitDraft:
    """`taught`: the reviewers' decisions (`pipeline.decide.taught`), read from the store by the run."""
    catalog, settings = config.catalog, config.settings
    year = period_year(period)
    files = sorted(files, key=lambda f: f.path)
    files = [f.model_copy(update={"error": _file_error(f)}) for f in files]
    docs = number_documents(files)
    doc_by_id = dict(docs)

    sa_id, sa = choose_self_assessment(docs, config)
    # A number left blank in a header, cited by the self-assessment: the citation fills it (said so).
    filled = numbers_from_citations(docs, sa)
    docs = [(i, d.model_copy(update={"meta": filled[i]}) if i in filled else d) for i, d in docs]
    doc_by_id = dict(docs)
    matches = match_documents(docs, catalog, settings, sa)
    vetoed = apply_taught(docs, matches, taught, catalog, settings, period)
    groups = find_duplicates([d for _i, d in docs], settings, ids=[i for i, _d in docs])
    duplicate_of = {m: g.keep for g in groups for m in g.documents if m != g.keep}

    supporting: dict[str, dict[str, list[str]]] = {}
    for doc_id, _doc in docs:
        for m in matches[doc_id]:
            supporting.setdefault(m.criterion, {}).setdefault(m.item or "", []).append(doc_id)

    scores = {}
    for crit in catalog.criteria():
        row = sa.rows.get(crit.code) if sa else None
        self_score = row.self_score if row else None
        dated = {item_id: [(d, doc_by_id[d].meta.date) for d in ids]
                 for item_id, ids in supporting.get(crit.code, {}).items()}
        scores[crit.code] = score_criterion(crit, dated, self_score, year, config.catalog.late_factor)
    tot = totals(catalog, scores)
    for sc in scores.values():
        for r in sc.items:
            if r.status == "undated" and r.document:
                for m in matches[r.document]:
                    if m.criterion == sc.criterion.code and m.item == r.item.id:
                        m.why += "; " + _("undated: counted in full, a person should check its date")

    ev = UnitEvidence(
        folder=folder, known_unit=unit is not None, catalog=catalog, settings=settings, year=year,
        docs=docs, supporting=supporting, scores=scores, groups=groups, files=files,
        self_assessment=sa, self_assessment_found=sa_id is not None, duplicates_of=duplicate_of,
        refused_citations=refused_citations(docs, catalog, settings, sa),
    )
    flags = unit_flags(ev, config.units)
    # shown, never counted: the scores above are already final
    wanted = [code for code, sc in scores.items() if (sc.self_score or 0) > 0 and not sc.documents]
    suggestions = suggest(docs, matches, wanted, catalog, settings, taught, vetoed, duplicate_of)

    criteria_out = []
    for crit in catalog.criteria():
        sc = scores[crit.code]
        codes = list(dict.fromkeys(f.code for f in flags if f.criterion == crit.code))
        criteria_out.append(CriterionOut(
            code=crit.code, name=crit.name, area=catalog.area_of(crit.code).code, max=crit.max,
            self_score=sc.self_score, draft_score=sc.draft, documents=sc.documents, flags=codes,
            evidence_points=sc.evidence, suggestions=suggestions.get(crit.code, []),
        ))

    docs_out = []
    for doc_id, doc in docs:
        ms = matches[doc_id]
        docs_out.append(DocumentOut(
            id=doc_id, file=doc.provenance.file, first_page=doc.provenance.first_page,
            last_page=doc.provenance.last_page, doc_type=doc.meta.doc_type, symbol=doc.meta.symbol,
            date=doc.meta.date.isoformat() if isinstance(doc.meta.date, dt.date) else None,
            title=doc.meta.title, ocr=doc.ocr, ocr_confidence=_round(ocr_confidence(doc)),
            criteria=[m.criterion for m in ms], match={m.criterion: _match_out(m) for m in ms},
            duplicate_of=duplicate_of.get(doc_id), source=doc.provenance.source.value,
            period=doc.meta.period, issuer=doc.meta.issuer, legacy_encoding=doc.provenance.legacy_encoding,
            is_self_assessment=doc.is_self_assessment, fields=doc.meta.sources, unread=doc.meta.unread,
            vetoed=vetoed.get(doc_id, {}),
            notes=[n if isinstance(n, str) else problem_message(n.code, n.params) for n in doc.provenance.notes],
        ))

    # by place, not identity: a document whose metadata a citation filled is a copy (and two files of
    # the same bytes share a key)
    id_of = {(doc.provenance.file, doc.provenance.first_page): doc_id for doc_id, doc in docs}
    files_out = [FileOut(path=f.path, sha256=f.sha256, status=f.status, error=f.error,
                         documents=sorted((id_of[(d.provenance.file, d.provenance.first_page)] for d in f.documents), key=lambda i: int(i[1:])),
                         kind=f.kind, error_code=f.error_code, source=source_of(f.path))
                 for f in files]

    self_scores = [r.self_score for r in sa.rows.values() if r.self_score is not None] if sa else []
    return UnitDraft(
        unit=unit.name if unit else None,
        folder=folder,
        self_assessment=doc_by_id[sa_id].provenance.file if sa_id else None,
        self_total=round(sum(self_scores), 2) if self_scores else None,
        draft_total=tot.total,
        classification=tot.classification,
        criteria=criteria_out,
        documents=docs_out,
        files=files_out,
        duplicate_groups=groups,
        flags=flags,
        areas=tot.areas,
    )
