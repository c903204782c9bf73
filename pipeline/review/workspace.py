"""What the workspace shows and records: the latest draft of each period, the reviewers' working
edits (optimistic versions), evidence decisions, and the confirmation of a unit.

A confirmation made here is the record `kiemchung confirm` makes (`Store.add_confirmation`): a new
version holding the latest confirmed scores of every unit, with this unit's rows replaced by the
reviewer's decisions; unreviewed rows of the unit take the draft score, as the workbook prefills it.

Every decision is one store transaction (its version bump and all it records commit together or not
at all). What the dashboard and a unit page show is built once and kept per *stamp*: one query
reads the period's latest draft id, its confirmation and evidence-decision high-water marks and the
units' review versions, and any write (here, another reviewer's, or a `kiemchung confirm` / new run
in another process) changes the stamp, so the next page load rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select, update

from pipeline.core.config import Config
from pipeline.core.i18n import _
from pipeline.core.model import CriterionOut, DocumentOut, Draft, DuplicateGroup, Flag, UnitDraft
from pipeline.output.cells import fmt_number
from pipeline.output.summary import ScoredUnit, district_table
from pipeline.run.store import (
    Confirmation,
    ConfirmedScore,
    EvidenceDecision,
    ReviewEdit,
    ReviewUnit,
    Run,
    Store,
    StoredDraft,
    record_confirmation,
)

DOC_REF = re.compile(r"^([0-9a-f]{64})-(d[0-9]{1,6})$")


class Refused(ValueError):
    """A decision that cannot be recorded; the message says why (nothing was changed)."""


class Stale(Refused):
    """The unit changed since the page was loaded (another reviewer saved first)."""


@dataclass
class LoadedDraft:
    id: int
    period: str
    model: Draft  # the stored draft.json, validated once per draft id
    inbox: Path | None
    run_finished: str | None
    units: dict[str, UnitDraft] = field(default_factory=dict)  # unit name -> unit entry
    docs: dict[tuple[str, str], DocumentOut] = field(default_factory=dict)  # (unit, doc id) -> document
    file_sha: dict[str, str] = field(default_factory=dict)  # inbox-relative path -> sha256


class Workspace:
    """The store seen by the web app; one per process, shared by the request threads."""

    def __init__(self, store: Store, config: Config, state: Path):
        self.store, self.config, self.state = store, config, Path(state)
        self._drafts: dict[int, LoadedDraft] = {}
        self._lock = threading.Lock()
        # built page data, (kind, period, unit) -> (stamp, data); read-only once stored
        self._views: dict[tuple[str, str, str | None], tuple[tuple, dict]] = {}
        # one confirmation at a time: each copies the latest one, so two at once would drop a unit
        self._confirm_lock = threading.Lock()
        self.criteria = {c.code: c for c in config.catalog.criteria()}

    # ---- drafts ------------------------------------------------------------------------------

    def periods(self) -> list[str]:
        with self.store.session() as s:
            return sorted(s.scalars(select(StoredDraft.period).distinct()), reverse=True)

    def draft(self, period: str) -> LoadedDraft | None:
        """The latest draft of a period (parsed once per draft id and kept)."""
        with self.store.session() as s:
            draft_id = s.scalar(select(StoredDraft.id).where(StoredDraft.period == period).order_by(StoredDraft.id.desc()).limit(1))
        return self._loaded(period, draft_id)

    def _loaded(self, period: str, draft_id: int | None) -> LoadedDraft | None:
        """The parsed draft `draft_id` of a period (read from the store the first time only)."""
        if draft_id is None:
            return None
        cached = self._drafts.get(draft_id)
        if cached is not None:
            return cached
        with self.store.session() as s:
            row = s.get(StoredDraft, draft_id)
            payload, run_id = row.payload, row.run_id
            run = s.get(Run, run_id) if run_id is not None else None
        model = Draft.model_validate(payload)
        inbox = (run.inbox if run is not None else None) or (model.run.inbox if model.run else None)
        loaded = LoadedDraft(draft_id, period, model, Path(inbox) if inbox else None,
                             model.run.finished if model.run else None)
        for u in model.units:
            if u.unit:
                loaded.units[u.unit] = u
                for d in u.documents:
                    loaded.docs[(u.unit, d.id)] = d
            for f in u.files:
                loaded.file_sha[f.path] = f.sha256
        with self._lock:
            self._drafts = {k: v for k, v in self._drafts.items() if v.period != period}
            self._drafts[draft_id] = loaded
        return loaded

    # ---- page data, kept while nothing is written -----------------------------------------------

    def _stamp(self, period: str, unit: str | None = None) -> tuple:
        """What the page data of a period (or of one unit) is built from, in one query: the latest
        draft id, the newest confirmation and evidence decision, and the units' review versions
        (every decision takes a new version; versions only grow, so their sum moves on any write)."""
        versions = select(func.coalesce(func.sum(ReviewUnit.version), 0)).where(ReviewUnit.period == period)
        if unit is not None:
            versions = versions.where(ReviewUnit.unit == unit)
        query = select(
            select(StoredDraft.id).where(StoredDraft.period == period).order_by(StoredDraft.id.desc()).limit(1).scalar_subquery(),
            select(func.max(Confirmation.id)).where(Confirmation.period == period).scalar_subquery(),
            select(func.max(EvidenceDecision.id)).where(EvidenceDecision.period == period).scalar_subquery(),
            versions.scalar_subquery())
        with self.store.session() as s:
            return tuple(s.execute(query).one())

    def _view(self, kind: str, period: str, unit: str | None, build) -> dict | None:
        """The page data `build(draft)` of the current stamp: built once, then served from memory
        until a write changes the stamp. Callers must not change what is returned."""
        stamp = self._stamp(period, unit)
        key = (kind, period, unit)
        kept = self._views.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        data = build(self._loaded(period, stamp[0]))
        if data is not None:
            with self._lock:
                self._views[key] = (stamp, data)
        return data

    def _written(self) -> None:
        """After a decision is committed: nothing built before it is served again."""
        with self._lock:
            self._views.clear()

    def doc_ref(self, draft: LoadedDraft, doc: DocumentOut) -> str:
        """The opaque id of a document in URLs: its file's sha256 and its draft id (never a path)."""
        return f"{draft.file_sha.get(doc.file) or '0' * 64}-{doc.id}"

    def find_doc(self, period: str, ref: str) -> tuple[LoadedDraft, str, DocumentOut] | None:
        """(draft, unit, document) for an opaque id of this period's latest draft, else None."""
        m = DOC_REF.match(ref or "")
        draft = self.draft(period) if m else None
        if draft is None:
            return None
        sha, doc_id = m.groups()
        for (unit, did), doc in draft.docs.items():
            if did == doc_id and draft.file_sha.get(doc.file) == sha:
                return draft, unit, doc
        return None

    # ---- scores --------------------------------------------------------------------------------

    def edits(self, period: str, unit: str | None = None) -> dict[tuple[str, str], ReviewEdit]:
        with self.store.session() as s:
            q = select(ReviewEdit).where(ReviewEdit.period == period)
            if unit is not None:
                q = q.where(ReviewEdit.unit == unit)
            return {(e.unit, e.code): e for e in s.scalars(q)}

    def unit_state(self, period: str, unit: str) -> ReviewUnit:
        with self.store.session() as s:
            row = s.get(ReviewUnit, (period, unit))
            return row if row is not None else ReviewUnit(period=period, unit=unit, version=0)

    def confirmed(self, period: str) -> dict[tuple[str, str], object]:
        return {(c.unit, c.code): c for c in self.store.confirmed_scores(period)}

    def score_of(self, crit: CriterionOut, edit: ReviewEdit | None, confirmed) -> float | None:
        """The reviewer's score of a row: the working edit, else the latest confirmation, else none."""
        if edit is not None:
            return edit.score
        if confirmed is not None:
            return confirmed.score
        return None

    def dashboard(self, period: str) -> dict:
        return self._view("dashboard", period, None, lambda draft: self._dashboard(period, draft))

    def _dashboard(self, period: str, draft: LoadedDraft | None) -> dict:
        if draft is None:
            return {"draft": None}
        edits, confirmed = self.edits(period), self.confirmed(period)
        with self.store.session() as s:
            states = {r.unit: r for r in s.scalars(select(ReviewUnit).where(ReviewUnit.period == period))}
        units: list[ScoredUnit] = []  # each unit as the table ranks it: the live score, else the draft's
        progress = []
        for name, u in draft.units.items():
            scores = {}
            reviewed = 0
            for c in u.criteria:
                score = self.score_of(c, edits.get((name, c.code)), confirmed.get((name, c.code)))
                reviewed += score is not None
                scores[c.code] = c.draft_score if score is None else score
            units.append(ScoredUnit(name, scores, dict(u.areas)))
            kinds: dict[str, int] = {}
            for f in u.flags:
                kinds[f.code] = kinds.get(f.code, 0) + 1
            progress.append({"unit": name, "reviewed": reviewed, "all": len(u.criteria),
                             "flags": sorted(kinds.items()), "confirmed": states[name].confirmed_version if name in states else None})
        table = district_table(units, self.config)
        by_unit = {p["unit"]: p for p in progress}
        return {"draft": draft, "table": table, "progress": by_unit,
                "confirmations": self.store.confirmations(period)}

    def unit_rows(self, period: str, unit: str) -> dict | None:
        """A unit page's data (rows, evidence, flags, version); None for an unknown unit."""
        return self._view("unit", period, unit, lambda draft: self._unit_rows(period, unit, draft))

    def _unit_rows(self, period: str, unit: str, draft: LoadedDraft | None) -> dict | None:
        if draft is None or unit not in draft.units:
            return None
        u = draft.units[unit]
        # the version first: decisions read after it are never older, so a save made from this page
        # while another lands in between is refused as stale rather than overwriting unseen
        state = self.unit_state(period, unit)
        edits, confirmed = self.edits(period, unit), self.confirmed(period)
        decisions = self.evidence_state(period, unit)
        flags_by: dict[str, list[Flag]] = {}
        for f in u.flags:
            flags_by.setdefault(f.criterion or "", []).append(f)
        groups: dict[str, DuplicateGroup] = {d: g for g in u.duplicate_groups for d in g.documents}
        rows = []
        for c in u.criteria:
            code = c.code
            edit, conf = edits.get((unit, code)), confirmed.get((unit, code))
            score = self.score_of(c, edit, conf)
            doc_ids = [d for d in c.documents if decisions.get((code, d)) != "detach"]
            doc_ids += [d for (cc, d), a in decisions.items() if cc == code and a == "attach" and d not in doc_ids]
            docs = []
            for d in doc_ids:
                doc = draft.docs.get((unit, d))
                if doc is None:
                    continue
                docs.append({"doc": doc, "ref": self.doc_ref(draft, doc), "match": doc.match.get(code),
                             "attached": decisions.get((code, d)) == "attach", "group": groups.get(d)})
            detached = [draft.docs[(unit, d)] for (cc, d), a in decisions.items()
                        if cc == code and a == "detach" and (unit, d) in draft.docs]
            suggestions = []
            for sg in c.suggestions:
                doc = draft.docs.get((unit, sg.document))
                if doc is not None:
                    suggestions.append({"doc": doc, "ref": self.doc_ref(draft, doc), "score": sg.score, "why": sg.why})
            status = ("changed" if edit is not None and abs(edit.score - c.draft_score) > 1e-9
                      else "accepted" if edit is not None else "confirmed" if conf is not None else "open")
            # the row's own flags, and those about a document it cites (a duplicate copy, a late date)
            flags = list(flags_by.get(code, []))
            flags += [f for f in flags_by.get("", []) if f.document in doc_ids and f not in flags]
            rows.append({"c": c, "edit": edit, "confirmed": conf, "score": score, "status": status,
                         "flags": flags, "docs": docs, "detached": detached,
                         "suggestions": suggestions, "note": edit.note if edit else (conf.note if conf else None)})
        return {"draft": draft, "unit": u, "rows": rows, "state": state,
                "unit_flags": flags_by.get("", []),
                "documents": [(self.doc_ref(draft, d), d) for d in u.documents]}

    # ---- decisions -----------------------------------------------------------------------------

    def _bump(self, s, period: str, unit: str, version: int, reviewer: str) -> int:
        """Take the unit's next version, or refuse when `version` is not the current one."""
        row = s.get(ReviewUnit, (period, unit))
        if row is None:
            if version != 0:
                raise Stale(_stale())
            s.add(ReviewUnit(period=period, unit=unit, version=1, updated_by=reviewer))
            s.flush()
            return 1
        done = s.execute(update(ReviewUnit).where(ReviewUnit.period == period, ReviewUnit.unit == unit,
                                                  ReviewUnit.version == version)
                         .values(version=version + 1, updated_by=reviewer, updated=func.now())).rowcount
        if done != 1:
            raise Stale(_stale())
        return version + 1

    def _criterion(self, period: str, unit: str, code: str) -> tuple[LoadedDraft, UnitDraft, CriterionOut]:
        draft = self.draft(period)
        if draft is None or unit not in draft.units:
            raise Refused(_("Unknown unit."))
        crit = next((c for c in draft.units[unit].criteria if c.code == code), None)
        if crit is None or code not in self.criteria:
            raise Refused(_("Unknown sub-criterion code “{code}”.").format(code=code))
        return draft, draft.units[unit], crit

    def save_score(self, period: str, unit: str, code: str, version: int, reviewer: str,
                   score: str | float | None, note: str | None, accept: bool = False) -> int:
        """Record a row's decision (the draft accepted, or a score 0..max in steps of 0.5 with a note);
        returns the unit's new version. One transaction: the version and the edit, or neither."""
        _draft, _u, crit = self._criterion(period, unit, code)
        maximum = crit.max or self.criteria[code].max
        if accept:
            value = crit.draft_score
        else:
            value = parse_score(score, maximum)
        note = (note or "").strip()[:2000] or None
        try:
            with self.store.session() as s:
                new = self._bump(s, period, unit, version, reviewer)
                edit = s.get(ReviewEdit, (period, unit, code))
                if edit is None:
                    s.add(ReviewEdit(period=period, unit=unit, code=code, score=value, note=note,
                                     accepted=accept, reviewer=reviewer))
                else:
                    edit.score, edit.note, edit.accepted, edit.reviewer = value, note, accept, reviewer
                    edit.updated = func.now()
        finally:
            self._written()
        return new

    def evidence_state(self, period: str, unit: str) -> dict[tuple[str, str], str]:
        """(code, document id) -> the latest decision ("attach" | "detach") of this unit."""
        state: dict[tuple[str, str], str] = {}
        for d in self.store.evidence_decisions(period):
            if d.unit == unit:
                state[(d.code, d.document)] = d.action
        return state

    def decide_evidence(self, period: str, unit: str, code: str, version: int, reviewer: str,
                        action: str, ref: str, note: str | None = None) -> int:
        """Attach a document to a sub-criterion or detach it: the `EvidenceDecision` row that
        `Store.add_evidence_decisions` records (source "workspace"; what the matcher learns from is the
        document's title and type), in one transaction with the unit's new version."""
        if action not in ("attach", "detach"):
            raise Refused(_("Unknown action."))
        draft, _u, _crit = self._criterion(period, unit, code)
        found = self.find_doc(period, ref)
        if found is None or found[1] != unit:
            raise Refused(_("Unknown document."))
        doc = found[2]
        try:
            with self.store.session() as s:
                new = self._bump(s, period, unit, version, reviewer)
                s.add(EvidenceDecision(
                    period=period, unit=unit, code=code, action=action, document=doc.id,
                    file=doc.file, file_sha256=draft.file_sha.get(doc.file),
                    first_page=doc.first_page, doc_type=doc.doc_type, symbol=doc.symbol,
                    title=doc.title, reviewer=reviewer, source="workspace",
                    note=(note or "").strip()[:2000] or None))
        finally:
            self._written()
        return new

    def confirm_unit(self, period: str, unit: str, version: int, reviewer: str) -> int:
        """A new confirmation version: the latest confirmed scores of every unit, this unit's rows
        replaced by the reviewer's decisions. Returns the confirmation version."""
        draft = self.draft(period)
        if draft is None or unit not in draft.units:
            raise Refused(_("Unknown unit."))
        with self._confirm_lock:
            try:
                return self._confirm(draft, period, unit, version, reviewer)
            finally:
                self._written()

    def _confirm(self, draft: LoadedDraft, period: str, unit: str, version: int, reviewer: str) -> int:
        """One transaction: the unit's version, the confirmation, the unit's pending edits cleared. The
        edits and the latest confirmation are read after the version is taken, inside the same
        transaction, so what is confirmed is what the reviewer's version saw."""
        with self.store.session() as s:
            self._bump(s, period, unit, version, reviewer)
            edits = {e.code: e for e in s.scalars(select(ReviewEdit).where(ReviewEdit.period == period,
                                                                           ReviewEdit.unit == unit))}
            rows = [{"unit": c.unit, "code": c.code, "max": c.max, "self_score": c.self_score,
                     "draft_score": c.draft_score, "score": c.score, "note": c.note}
                    for c in _latest_confirmed(s, period) if c.unit != unit]
            mine = []
            for c in draft.units[unit].criteria:
                e = edits.get(c.code)
                draft_score = c.draft_score
                mine.append({"unit": unit, "code": c.code,
                             "max": c.max or self.criteria[c.code].max,
                             "self_score": c.self_score, "draft_score": draft_score,
                             "score": e.score if e is not None else draft_score,
                             "note": e.note if e is not None else None})
            rows += mine
            # the confirmation's "sheet" digest: of what was confirmed here (there is no workbook file)
            digest = hashlib.sha256(("workspace\n" + json.dumps(mine, sort_keys=True, ensure_ascii=False))
                                    .encode("utf-8")).hexdigest()
            conf_version = record_confirmation(s, period, reviewer, digest, rows, self.config.catalog.id)
            self._clear_edits(s, period, unit, conf_version)
        return conf_version

    def _clear_edits(self, s, period: str, unit: str, conf_version: int) -> None:
        """The unit's edits are in confirmation `conf_version` now: no longer pending."""
        s.execute(update(ReviewUnit).where(ReviewUnit.period == period, ReviewUnit.unit == unit)
                  .values(confirmed_version=conf_version))
        s.execute(delete(ReviewEdit).where(ReviewEdit.period == period, ReviewEdit.unit == unit))


def _latest_confirmed(s, period: str) -> list[ConfirmedScore]:
    """`Store.confirmed_scores(period)`, read inside the caller's transaction."""
    conf = s.scalars(select(Confirmation).where(Confirmation.period == period)
                     .order_by(Confirmation.version.desc()).limit(1)).first()
    if conf is None:
        return []
    return list(s.scalars(select(ConfirmedScore).where(ConfirmedScore.confirmation_id == conf.id)
                          .order_by(ConfirmedScore.id)))


def _stale() -> str:
    return _("Another reviewer changed this unit after you opened the page: your change was not saved. "
             "Reload the page to see their decision, then decide again.")


def parse_score(value: str | float | None, maximum: float) -> float:
    """A reviewer's score: a number 0..max in steps of 0.5 (a decimal comma is accepted)."""
    text = str(value if value is not None else "").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise Refused(_("“{value}” is not a number.").format(value=text[:20])) from None
    if not math.isfinite(number) or not 0 <= number <= maximum:
        raise Refused(_("The score must be from 0 to {max}.").format(max=fmt_number(maximum)))
    if abs(number * 2 - round(number * 2)) > 1e-9:
        raise Refused(_("The score must be a multiple of 0.5."))
    return number
