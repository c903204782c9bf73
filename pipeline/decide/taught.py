"""What reviewers taught: their attach/detach decisions as the `reviewer` matching rule.

A reviewer who attaches a document to a sub-criterion (workbook column K, or the review workspace)
teaches "a document of this type whose title reads like this one is evidence for that code"; one who
removes it teaches the opposite, a veto. The run (`pipeline.run.runner`) reads the decisions from the
store and hands them here as plain `TaughtRule`s (this stage never opens the store); they are part of
the analysis cache key, so a new decision re-analyses the units.

How a rule applies to a document:
- the same document (file content hash and first page) in the decision's own period: directly;
- otherwise, for every unit and every later period: the document's type agrees (when both are known)
  and its title, accent-folded and normalized with the years taken out ("năm 2018" and "năm 2019" are
  the same title), is at least `settings.matching.reviewer_title_similarity` similar to the taught
  title. Titles too short to say anything ("Kế hoạch") only ever apply to the same document.
Among the rules that apply to one (document, code), the latest decision wins. A veto removes the
match whatever rule made it (citation, title), and says why in `DocumentOut.vetoed`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz

from pipeline.core.config import Catalog, Settings
from pipeline.core.i18n import _
from pipeline.core.model import Document, Match
from pipeline.core.normalize import match_forms
from pipeline.decide.matching import item_for, prepare

# A taught title must keep this many syllables (years removed) to apply beyond its own document:
# "Kế hoạch" or "Báo cáo" alone would teach every plan or report of the inbox.
MIN_TAUGHT_SYLLABLES = 4
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


class TaughtRule(BaseModel, frozen=True):
    """One reviewer decision as matching reads it (plain data: it travels as a task parameter and is
    hashed into the analysis cache key)."""

    action: Literal["attach", "detach"]
    code: str
    title: str | None
    doc_type: str | None = None
    reviewer: str
    decided_at: str  # ISO time: orders the decisions, its date is shown
    period: str
    unit: str | None = None
    document_key: str | None = None  # "<sha256[:16]>:<first_page>", as `Document.key`
    source: str = "workbook"


def title_key(title: str | None) -> str:
    """The comparable form of a title: folded matching form (abbreviations expanded), years removed."""
    if not title:
        return ""
    return " ".join(_YEAR.sub(" ", match_forms(title)[1]).split())


def document_key(file_sha256: str | None, first_page: int | None) -> str | None:
    """`Document.key` of the document a decision was made on."""
    if not file_sha256 or first_page is None:
        return None
    return f"{file_sha256[:16]}:{first_page}"


def taught_rules(decisions: Iterable) -> tuple[TaughtRule, ...]:
    """The decisions (store rows or objects with the `EvidenceDecision` attributes) as rules, oldest
    first. Every decision is kept: which one wins is decided per document (the latest that applies)."""
    rules = []
    for d in decisions:
        at = d.decided_at
        rules.append(TaughtRule(
            action=d.action, code=d.code, title=d.title, doc_type=d.doc_type, reviewer=d.reviewer,
            decided_at=at.isoformat() if isinstance(at, dt.datetime | dt.date) else str(at), period=str(d.period),
            unit=d.unit, document_key=document_key(d.file_sha256, d.first_page), source=d.source))
    rules.sort(key=lambda r: r.decided_at)
    return tuple(rules)


def latest_by_title(rules: Sequence[TaughtRule]) -> list[TaughtRule]:
    """One rule per (title, code): the latest decision on it (what `phrases export` writes)."""
    last: dict[tuple[str, str], TaughtRule] = {}
    for r in sorted(rules, key=lambda r: r.decided_at):
        key = title_key(r.title)
        if key:
            last[(key, r.code)] = r
    return list(last.values())


def _applies(rule: TaughtRule, rkey: str, doc: Document, key: str, period: str, threshold: float) -> float | None:
    """100 for the very document in its period, the title similarity when the title agrees, else None
    (`rkey`, `key`: the rule's and the document's `title_key`)."""
    if rule.document_key and rule.document_key == doc.key and rule.period == period:
        return 100.0
    if len(rkey.split()) < MIN_TAUGHT_SYLLABLES or not key:
        return None
    if rule.doc_type and doc.meta.doc_type and rule.doc_type != doc.meta.doc_type:
        return None
    sim = float(fuzz.ratio(rkey, key))
    return sim if sim >= threshold else None


def _why(rule: TaughtRule, doc: Document, sim: float) -> str:
    same = sim >= 100.0 and rule.document_key == doc.key
    fields = {"date": rule.decided_at[:10], "reviewer": rule.reviewer, "title": rule.title or "—",
              "code": rule.code, "score": round(sim, 1)}
    if rule.action == "attach":
        if same:
            return _("On {date} reviewer {reviewer} accepted this document for {code}").format(**fields)
        return _("On {date} reviewer {reviewer} accepted a document titled '{title}' for {code} "
                 "(title similarity {score})").format(**fields)
    if same:
        return _("On {date} reviewer {reviewer} removed this document from {code}: not counted").format(**fields)
    return _("On {date} reviewer {reviewer} removed a document titled '{title}' from {code}: not counted "
             "(title similarity {score})").format(**fields)


def apply_taught(
    docs: Sequence[tuple[str, Document]], matches: dict[str, list[Match]], rules: Sequence[TaughtRule],
    catalog: Catalog, settings: Settings, period: str,
) -> dict[str, dict[str, str]]:
    """Apply the reviewers' rules to one unit's matches (in place); returns document id → {code: why}
    of the vetoed matches. An attach adds a `reviewer` match (or, on a match already made, says the
    reviewer confirmed it); a veto removes the match, whatever rule made it."""
    vetoed: dict[str, dict[str, str]] = {}
    if not rules:
        return vetoed
    prepared = prepare(catalog)
    threshold = settings.matching.reviewer_title_similarity
    known = {c.code for c in catalog.criteria()}
    rules = [r for r in rules if r.code in known]  # a code of another year's catalog teaches nothing here
    rkeys = [title_key(r.title) for r in rules]
    for doc_id, doc in docs:
        if doc.is_self_assessment:
            continue
        key = title_key(doc.meta.title)
        winner: dict[str, tuple[TaughtRule, float]] = {}
        for rule, rkey in zip(rules, rkeys, strict=True):  # oldest first: a later decision replaces
            sim = _applies(rule, rkey, doc, key, period, threshold)
            if sim is not None:
                winner[rule.code] = (rule, sim)
        if not winner:
            continue
        by_code = {m.criterion: m for m in matches.get(doc_id, [])}
        for code, (rule, sim) in winner.items():
            why = _why(rule, doc, sim)
            if rule.action == "detach":
                if code in by_code:
                    vetoed.setdefault(doc_id, {})[code] = why
                    del by_code[code]
                continue
            if code in by_code:
                by_code[code].why += "; " + why
                continue
            item = item_for(doc, catalog.criterion(code), prepared, settings)
            by_code[code] = Match(criterion=code, item=item.id, rule="reviewer", score=round(sim, 1),
                                  phrase=rule.title, why=why)
        matches[doc_id] = sorted(by_code.values(), key=lambda m: prepared.order[m.criterion])
    return vetoed


def taught_phrase(title: str | None) -> str:
    """A taught title as a catalog phrase: the accented matching form (lower case, abbreviations
    expanded, punctuation dropped), years removed, so next year's titles match it."""
    if not title:
        return ""
    return " ".join(_YEAR.sub(" ", match_forms(title)[0]).split())


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def fragment_yaml(rules: Sequence[TaughtRule], catalog: Catalog, generated: str) -> tuple[str, int, int]:
    """What reviewers taught as a catalog fragment (`pipeline.core.config.load_catalog_fragment`):
    per item, the attached titles as `phrases` and the removed ones as `exclude`, each with who decided
    it, when, on which unit's document. The latest decision on a (title, code) is the one written;
    titles too short to teach anything are left out. Returns (YAML text, phrases, exclusions)."""
    by_item: dict[tuple[str, str], dict[str, dict[str, TaughtRule]]] = {}
    for rule in latest_by_title(rules):
        crit = catalog.criterion(rule.code)
        phrase = taught_phrase(rule.title)
        if crit is None or len(title_key(rule.title).split()) < MIN_TAUGHT_SYLLABLES:
            continue
        item = next((i for i in crit.items if rule.doc_type in i.types), crit.items[0])
        kind = "phrases" if rule.action == "attach" else "exclude"
        by_item.setdefault((crit.code, item.id), {}).setdefault(kind, {})[phrase] = rule
    lines = [
        "# " + _("Phrases taught by reviewers' decisions (kiemchung phrases export, {when}).").format(when=generated),
        "# " + _("Review each line; copy the ones you agree with into the catalog's items (phrases: and exclude:)."),
        "# " + _("phrases: titles reviewers accepted as evidence; exclude: titles they removed."),
        "areas:",
    ]
    n_phrases = n_exclude = 0
    for area in catalog.areas:
        crits = [c for c in area.criteria if any(code == c.code for code, _i in by_item)]
        if not crits:
            continue
        lines += [f"  - code: {_yaml_str(area.code)}", "    criteria:"]
        for crit in crits:
            lines += [f"      - code: {_yaml_str(crit.code)}", "        items:"]
            for item in crit.items:
                kinds = by_item.get((crit.code, item.id))
                if not kinds:
                    continue
                lines.append(f"          - id: {_yaml_str(item.id)}")
                for kind in ("phrases", "exclude"):
                    entries = kinds.get(kind) or {}
                    if not entries:
                        continue
                    lines.append(f"            {kind}:")
                    for phrase, rule in entries.items():
                        said = _("accepted") if kind == "phrases" else _("removed")
                        note = f"{said} {rule.decided_at[:10]} {rule.reviewer}, {rule.unit or '—'}, " \
                               f"{rule.doc_type or '?'} '{rule.title}' ({rule.period})"
                        lines.append(f"              - {_yaml_str(phrase)}  # {' '.join(note.split())}")
                        n_phrases += kind == "phrases"
                        n_exclude += kind == "exclude"
    if lines[-1] == "areas:":
        lines[-1] = "areas: []"
    return "\n".join(lines) + "\n", n_phrases, n_exclude


__all__ = ["MIN_TAUGHT_SYLLABLES", "TaughtRule", "apply_taught", "document_key", "fragment_yaml",
           "latest_by_title", "taught_phrase", "taught_rules", "title_key"]
