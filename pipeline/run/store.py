"""The store: one database (SQLite in the state directory by default, PostgreSQL by URL).

It holds the content-addressed extraction cache (sha256 + extraction version → what extraction
saw), every inbox file seen by every run, the drafts of each period, and the reviewers'
confirmations with their audit trail. Everything a run writes goes through transactions, so a
run killed at any point leaves the store consistent; the cache makes the next run redo only
what was not committed.

The cache lives here rather than in Prefect's result storage so that Dask workers on other hosts
share it when the store is PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from pipeline.core.model import Draft as DraftModel
from pipeline.core.model import ExtractedFile


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Extraction(Base):
    """Content-addressed cache: one row per (file content, extraction version)."""

    __tablename__ = "extractions"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # zlib(JSON of ExtractedFile)
    status: Mapped[str] = mapped_column(String(16))
    ocr_pages: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Run(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(16))
    inbox: Mapped[str] = mapped_column(Text)
    started: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="running")
    counts: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class InboxFile(Base):
    """The latest state of each inbox file as a run saw it (one row per inbox path)."""

    __tablename__ = "inbox_files"
    __table_args__ = (UniqueConstraint("inbox", "path"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    inbox: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    unit_folder: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_run: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), nullable=True)
    updated: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class Analysis(Base):
    """One unit's analysis (matching, duplicates, gaps, scores) keyed by everything it depends on
    (`analysis_cache.analysis_key`): an unchanged unit is not analysed again. One row per unit and inbox:
    a new analysis of the unit replaces the old one."""

    __tablename__ = "analyses"
    inbox: Mapped[str] = mapped_column(String(1024), primary_key=True)
    unit: Mapped[str] = mapped_column(String(512), primary_key=True)  # unit name, or its folder
    key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # zlib(JSON of the unit's draft entry)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class StoredDraft(Base):
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(16), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"), nullable=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    payload: Mapped[dict] = mapped_column(JSON)


class Confirmation(Base):
    """One confirmation of a period's sheet by a reviewer; confirming again adds a version."""

    __tablename__ = "confirmations"
    __table_args__ = (UniqueConstraint("period", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(Integer)
    reviewer: Mapped[str] = mapped_column(Text)
    confirmed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    sheet_sha256: Mapped[str] = mapped_column(String(64))
    catalog: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ConfirmedScore(Base):
    """The audit trail: every (unit, code) score of a confirmation, with the draft it replaced."""

    __tablename__ = "confirmed_scores"
    __table_args__ = (UniqueConstraint("confirmation_id", "unit", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    confirmation_id: Mapped[int] = mapped_column(ForeignKey("confirmations.id"), index=True)
    unit: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(16))
    max: Mapped[float] = mapped_column(Float)
    self_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    draft_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    changed: Mapped[bool] = mapped_column(default=False)


class EvidenceDecision(Base):
    """A reviewer's decision on one document as evidence of one sub-criterion: `attach` (it is
    evidence, whatever the matcher said) or `detach` (it is not). Made in the workbook (`confirm`) or
    in the review workspace; both write this one record. The next runs read these rows as the
    `reviewer` matching rule: the document's title (and type) is what is taught, so the decision also
    holds for other units and the next periods. Rows are never updated: a later decision on the same
    (period, unit, code, document) supersedes an earlier one."""

    __tablename__ = "evidence_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(16), index=True)
    unit: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(8))  # "attach" | "detach"
    document: Mapped[str] = mapped_column(String(32))  # the draft's document id (d3, ...)
    file: Mapped[str | None] = mapped_column(Text, nullable=True)  # inbox-relative path, for people
    file_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    first_page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    doc_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    symbol: Mapped[str | None] = mapped_column(Text, nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewer: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # "workbook" | "workspace"
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class User(Base):
    """An account of the review workspace (`kiemchung users add`): the password only as an argon2 hash."""

    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # "reviewer" | "admin" | "commune"
    password_hash: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text, nullable=True)  # the one unit of a commune account
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    disabled: Mapped[bool] = mapped_column(default=False)


class WebSession(Base):
    """A signed-in browser: the cookie holds a random token, the row only its sha256 (a stolen database
    does not sign anyone in). Logging out deletes the row."""

    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user: Mapped[str] = mapped_column(String(128), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    expires: Mapped[dt.datetime] = mapped_column(DateTime)


class ReviewUnit(Base):
    """One unit's working state in the workspace: the optimistic version every save must name (a save
    against a stale version is refused), and the confirmation version that last included the unit."""

    __tablename__ = "review_units"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit: Mapped[str] = mapped_column(String(512), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    confirmed_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ReviewEdit(Base):
    """A reviewer's working decision on one sub-criterion before the unit is confirmed: the draft
    accepted, or a score with a note. `confirm unit` turns a unit's edits into a confirmation version."""

    __tablename__ = "review_edits"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit: Mapped[str] = mapped_column(String(512), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    accepted: Mapped[bool] = mapped_column(default=False)  # the draft score taken as it is
    reviewer: Mapped[str] = mapped_column(Text)
    updated: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Upload(Base):
    """A file a commune clerk uploaded in the workspace (the pre-submission check), for one unit and
    period. The bytes are kept once, by content, under STATE/uploads (`pipeline/run/uploads.py`); the
    row is the audit: who uploaded what and when, who withdrew it and when. Rows are never deleted: a
    withdrawn upload stays, marked, and is no longer part of the unit's evidence."""

    __tablename__ = "uploads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(16), index=True)
    unit: Mapped[str] = mapped_column(String(512), index=True)
    name: Mapped[str] = mapped_column(Text)  # the file's name as the clerk's computer gave it (NFC)
    archive: Mapped[str | None] = mapped_column(Text, nullable=True)  # the ZIP it came in, if any
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(128))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | processed | quarantined
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error_params: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    withdrawn_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class UploadCheck(Base):
    """The latest pre-submission check of one unit (the unit analysed with its uploads), kept until
    the uploads or the period's draft change (`key`)."""

    __tablename__ = "upload_checks"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit: Mapped[str] = mapped_column(String(512), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


EVIDENCE_ACTIONS = ("attach", "detach")
EVIDENCE_SOURCES = ("workbook", "workspace")


# The dialects whose INSERT has ON CONFLICT: the extraction cache is written with one statement there.
_UPSERT_INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def default_url(state_dir: Path | str) -> str:
    url = os.environ.get("KIEMCHUNG_DB_URL")
    if url:
        return url
    path = Path(state_dir).resolve() / "store.sqlite"
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the nightly writer; crash-safe
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _upsert_files(s: Session, inbox: str, run_id: int, rows: list[dict]) -> None:
    """One InboxFile row per (inbox, path), updated in place, inside the caller's transaction."""
    existing = {f.path: f for f in s.scalars(select(InboxFile).where(InboxFile.inbox == inbox))}
    for r in rows:
        f = existing.get(r["path"])
        if f is None:
            f = InboxFile(inbox=inbox, path=r["path"])
            s.add(f)
            existing[r["path"]] = f
        for key in ("sha256", "size", "unit_folder", "status", "error_code", "error"):
            setattr(f, key, r.get(key))
        f.last_run = run_id


def record_confirmation(s: Session, period: str, reviewer: str, sheet_sha256: str, scores: list[dict],
                        catalog: str | None = None) -> int:
    """A new confirmation version and its scores (`changed` against the draft), inside the caller's
    transaction: the one way a confirmation is written (`confirm` and the review workspace).
    Returns the version."""
    last = s.scalar(select(func.max(Confirmation.version)).where(Confirmation.period == period)) or 0
    conf = Confirmation(period=period, version=last + 1, reviewer=reviewer, sheet_sha256=sheet_sha256,
                        catalog=catalog)
    s.add(conf)
    s.flush()
    for r in scores:
        draft = r.get("draft_score")
        s.add(ConfirmedScore(
            confirmation_id=conf.id, unit=r["unit"], code=r["code"], max=r["max"], self_score=r.get("self_score"),
            draft_score=draft, score=r["score"], note=r.get("note"),
            changed=draft is None or abs(float(draft) - float(r["score"])) > 1e-9))
    return conf.version


def _check_evidence(rows: list[dict]) -> None:
    for r in rows:
        if r.get("action") not in EVIDENCE_ACTIONS:
            raise ValueError(f"evidence decision action must be one of {EVIDENCE_ACTIONS}: {r.get('action')!r}")
        if r.get("source") not in EVIDENCE_SOURCES:
            raise ValueError(f"evidence decision source must be one of {EVIDENCE_SOURCES}: {r.get('source')!r}")


class Store:
    """Thin, typed access to the database. Open one per process; it is safe to share across threads."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def for_state(cls, state_dir: Path | str) -> Store:
        return cls(default_url(state_dir))

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as s, s.begin():
            yield s

    def close(self) -> None:
        self.engine.dispose()

    # ---- extraction cache ------------------------------------------------------------------

    def get_extraction(self, sha256: str, version: str) -> ExtractedFile | None:
        with self.session() as s:
            row = s.get(Extraction, (sha256, version))
            if row is None:
                return None
            return ExtractedFile.model_validate_json(zlib.decompress(row.payload))

    def put_extraction(self, ef: ExtractedFile) -> None:
        """Insert or replace one cache row in a single statement. Two workers extracting the same
        content at once (the same document sent twice, in two folders) both write: a read-then-insert
        would let both see no row and the second fail on the primary key. Same content and version
        give the same payload, so whichever write lands last is correct."""
        payload = zlib.compress(ef.model_dump_json().encode("utf-8"), 6)
        values = {"sha256": ef.sha256, "version": ef.extract_version, "payload": payload,
                  "status": ef.status, "ocr_pages": ef.ocr_pages, "created": _now()}
        changes = {"payload": payload, "status": ef.status, "ocr_pages": ef.ocr_pages}
        insert = _UPSERT_INSERT.get(self.engine.dialect.name)
        if insert is not None:
            stmt = insert(Extraction).values(**values)
            stmt = stmt.on_conflict_do_update(index_elements=["sha256", "version"], set_=changes)
            with self.session() as s:
                s.execute(stmt)
            return
        try:  # another database: insert, and on a lost race update the winner's row
            with self.session() as s:
                s.add(Extraction(**values))
        except IntegrityError:
            with self.session() as s:
                s.execute(update(Extraction).where(Extraction.sha256 == ef.sha256,
                                                   Extraction.version == ef.extract_version).values(**changes))

    def cached_hashes(self, hashes: list[str], version: str) -> set[str]:
        """Which of these content hashes already have an extraction of this version (one query per
        500 hashes): the flow serves those inline instead of scheduling a task per file."""
        found: set[str] = set()
        unique = sorted(set(hashes))
        with self.session() as s:
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                found.update(s.scalars(select(Extraction.sha256).where(
                    Extraction.version == version, Extraction.sha256.in_(chunk))))
        return found

    # ---- analysis cache --------------------------------------------------------------------

    def get_analyses(self, inbox: str, keys: dict[str, str]) -> dict[str, dict]:
        """The stored analyses of these units ({unit: key}) whose key still matches."""
        found: dict[str, dict] = {}
        with self.session() as s:
            for row in s.scalars(select(Analysis).where(Analysis.inbox == inbox)):
                if keys.get(row.unit) == row.key:
                    found[row.unit] = json.loads(zlib.decompress(row.payload))
        return found

    def put_analyses(self, inbox: str, analyses: dict[str, tuple[str, dict]]) -> None:
        """Store {unit: (key, analysis)}, replacing each unit's previous analysis."""
        if not analyses:
            return
        with self.session() as s:
            s.execute(delete(Analysis).where(Analysis.inbox == inbox, Analysis.unit.in_(list(analyses))))
            for unit, (key, payload) in analyses.items():
                s.add(Analysis(inbox=inbox, unit=unit, key=key, created=_now(),
                               payload=zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), 6)))

    def extraction_count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(Extraction)) or 0

    # ---- runs and inbox files ----------------------------------------------------------------

    def start_run(self, period: str, inbox: str) -> int:
        with self.session() as s:
            run = Run(period=period, inbox=inbox)
            s.add(run)
            s.flush()
            return run.id

    def interrupt_running_runs(self, inbox: str | None = None) -> int:
        """Mark runs still 'running' (of `inbox` only, when given) as 'interrupted': a run killed by
        kill -9 or a power cut never says how it ended. Call only while holding the run lock, before
        start_run. Returns how many rows were marked."""
        with self.session() as s:
            q = update(Run).where(Run.status == "running")
            if inbox is not None:
                q = q.where(Run.inbox == inbox)
            # `finished` stays empty: when the killed run stopped is not known
            return s.execute(q.values(status="interrupted")).rowcount or 0

    def finish_run(self, run_id: int, status: str, counts: dict | None = None) -> None:
        with self.session() as s:
            run = s.get(Run, run_id)
            run.status, run.finished, run.counts = status, _now(), counts

    def record_files(self, inbox: str, run_id: int, rows: list[dict]) -> None:
        """Upsert one row per inbox path (keys: path, sha256, size, unit_folder, status, error_code, error)."""
        with self.session() as s:
            _upsert_files(s, inbox, run_id, rows)

    def complete_run(self, run_id: int, period: str, inbox: str, rows: list[dict], draft: DraftModel,
                     counts: dict | None = None) -> int:
        """Record a run's files, its draft and its end in ONE transaction (a run killed half-way
        leaves no draft and no half-updated file rows). Returns the draft id."""
        with self.session() as s:
            _upsert_files(s, inbox, run_id, rows)
            d = StoredDraft(period=period, payload=draft.to_json(), run_id=run_id)
            s.add(d)
            run = s.get(Run, run_id)
            run.status, run.finished, run.counts = "completed", _now(), counts
            s.flush()
            return d.id

    def files_of(self, inbox: str) -> list[InboxFile]:
        with self.session() as s:
            return list(s.scalars(select(InboxFile).where(InboxFile.inbox == inbox).order_by(InboxFile.path)))

    # ---- drafts ------------------------------------------------------------------------------

    def save_draft(self, period: str, draft: DraftModel | dict, run_id: int | None = None) -> int:
        """Store a draft (a model, or a draft.json dict: validated first). Returns its id."""
        payload = DraftModel.of(draft).to_json()
        with self.session() as s:
            d = StoredDraft(period=period, payload=payload, run_id=run_id)
            s.add(d)
            s.flush()
            return d.id

    def latest_draft(self, period: str) -> DraftModel | None:
        with self.session() as s:
            d = s.scalars(select(StoredDraft).where(StoredDraft.period == period)
                          .order_by(StoredDraft.id.desc()).limit(1)).first()
            return DraftModel.model_validate(d.payload) if d else None

    def iter_drafts(self, period: str) -> Iterator[DraftModel]:
        """Every stored draft of a period, newest first, loaded one at a time (confirm looks for the
        draft a reviewed sheet was written from)."""
        with self.session() as s:
            ids = list(s.scalars(select(StoredDraft.id).where(StoredDraft.period == period)
                                 .order_by(StoredDraft.id.desc())))
        for draft_id in ids:
            with self.session() as s:
                d = s.get(StoredDraft, draft_id)
                if d is not None:
                    yield DraftModel.model_validate(d.payload)

    # ---- confirmations -----------------------------------------------------------------------

    def add_confirmation(self, period: str, reviewer: str, sheet_sha256: str, scores: list[dict],
                         catalog: str | None = None, evidence: list[dict] | None = None) -> int:
        """Record a new confirmation version; `scores` rows: unit, code, max, self_score,
        draft_score, score, note; `evidence`: the reviewer's attach/detach decisions made with it
        (see `add_evidence_decisions`), in the same transaction. Returns the version number (1, 2, ...)."""
        _check_evidence(evidence or [])
        with self.session() as s:
            version = record_confirmation(s, period, reviewer, sheet_sha256, scores, catalog)
            for r in evidence or []:
                s.add(EvidenceDecision(**r))
            return version

    def confirmations(self, period: str) -> list[Confirmation]:
        with self.session() as s:
            return list(s.scalars(
                select(Confirmation).where(Confirmation.period == period).order_by(Confirmation.version)))

    def confirmed_scores(self, period: str, version: int | None = None) -> list[ConfirmedScore]:
        """Scores of the given (default: latest) confirmation of a period; empty if none."""
        with self.session() as s:
            q = select(Confirmation).where(Confirmation.period == period)
            q = q.where(Confirmation.version == version) if version else q.order_by(Confirmation.version.desc())
            conf = s.scalars(q.limit(1)).first()
            if conf is None:
                return []
            return list(s.scalars(select(ConfirmedScore).where(ConfirmedScore.confirmation_id == conf.id)
                                  .order_by(ConfirmedScore.id)))

    # ---- reviewers' evidence decisions ---------------------------------------------------------

    def add_evidence_decisions(self, rows: list[dict]) -> int:
        """Record reviewers' attach/detach decisions (keys: the `EvidenceDecision` columns; `period`,
        `unit`, `code`, `action`, `document`, `reviewer` and `source` required). All or nothing.
        Returns how many were recorded."""
        _check_evidence(rows)
        with self.session() as s:
            for r in rows:
                s.add(EvidenceDecision(**r))
        return len(rows)

    def evidence_decisions(self, period: str | None = None) -> list[EvidenceDecision]:
        """Every decision (of one period, or of all), oldest first: later rows supersede earlier ones."""
        with self.session() as s:
            q = select(EvidenceDecision).order_by(EvidenceDecision.decided_at, EvidenceDecision.id)
            if period is not None:
                q = q.where(EvidenceDecision.period == period)
            return list(s.scalars(q))

    # ---- integrity ---------------------------------------------------------------------------

    def integrity_check(self) -> list[str]:
        """Problems found (empty list = healthy): SQLite's own check plus duplicate-row checks."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                res = conn.execute(text("PRAGMA integrity_check")).scalar()
                if res != "ok":
                    problems.append(f"sqlite integrity_check: {res}")
            dup = conn.execute(text(
                "SELECT inbox, path, COUNT(*) FROM inbox_files GROUP BY inbox, path HAVING COUNT(*) > 1"
            )).all()
            problems += [f"duplicate inbox file row: {r[1]}" for r in dup]
        return problems


def dumps_json(obj: Any) -> str:
    """JSON as reviewers' tools need it: UTF-8 text, diacritics kept."""
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


# ---- one Store per process and URL (tasks run in threads, or in Dask worker processes) ----------

_stores: dict[str, Store] = {}
_stores_guard = threading.Lock()


def open_store(url: str) -> Store:
    with _stores_guard:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = Store(url)
        return store


def close_stores() -> None:
    with _stores_guard:
        for store in _stores.values():
            store.close()
        _stores.clear()
