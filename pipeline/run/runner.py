"""The run's logic as plain functions; `flows/run_flow.py` only schedules them as Prefect tasks.

prepare (config, scan, store, run row) → process_entry per file (cache, extract, classify) →
plan_units (group by top-level folder, map to units, config order) → analyze_job per unit →
assemble_draft (+ the accounting invariant) → write_outputs (atomic) → record (one transaction).

Everything here runs without Prefect, so it is tested without Prefect; the functions that run as
tasks take only picklable arguments (paths as str, settings and config as pydantic models, the
store as a URL), because with Dask they run in other processes, possibly on other hosts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.config import PERIOD_CODE, Config, Settings, Unit, UnitsConfig, load_config
from pipeline.core.i18n import _, set_language
from pipeline.core.model import (
    EXTRACT_VERSION,
    Draft,
    ExtractedFile,
    FileOut,
    Flag,
    RunInfo,
    UnitDraft,
    source_of,
)
from pipeline.inbox.quarantine import message as problem_message
from pipeline.inbox.scan import InboxEntry, scan_inbox
from pipeline.run.accounting import accounting, check_accounting, pages_of
from pipeline.run.analysis_cache import analyze_jobs
from pipeline.run.errors import RunError
from pipeline.run.out_folder import write_outputs
from pipeline.run.store import Store, default_url, open_store

log = logging.getLogger("kiemchung.runner")

# ---- preparing a run ---------------------------------------------------------------------------


@dataclass
class RunPlan:
    inbox: Path
    inbox_key: str
    period: str
    out: Path
    state: Path
    config: Config
    lang: str
    store_url: str
    entries: list[InboxEntry]
    run_id: int
    started: dt.datetime
    task_runner: str = "thread"
    t0: float = field(default_factory=time.monotonic)
    # the reviewers' attach/detach decisions, as the `reviewer` matching rule reads them
    taught: tuple = ()

    @property
    def to_extract(self) -> list[InboxEntry]:
        return [e for e in self.entries if e.status == "ok"]

    def extract_params(self, e: InboxEntry) -> dict:
        """The keyword arguments of `process_entry` for one entry (plain values: they travel to
        Dask workers as task parameters)."""
        return {**entry_params(e), "store_url": self.store_url, "settings": self.config.settings,
                "lang": self.lang}


def current_period(timezone: str) -> str:
    """The current year in the district's timezone (a nightly run on 31/12 at 01:00 is still that year)."""
    from zoneinfo import ZoneInfo

    return str(dt.datetime.now(ZoneInfo(timezone)).year)


def check_inputs(inbox: Path | str, period: str, config_dir: Path | str | None, catalog: Path | str | None) -> Config:
    """Everything that can be refused before any work: raises RunError or ConfigError."""
    inbox = Path(inbox)
    if not inbox.exists():
        raise RunError(_("The inbox {inbox} does not exist.").format(inbox=inbox))
    if not inbox.is_dir():
        raise RunError(_("The inbox {inbox} is not a folder.").format(inbox=inbox))
    if not os.access(inbox, os.R_OK | os.X_OK):
        raise RunError(_("The inbox {inbox} cannot be read (permission denied).").format(inbox=inbox))
    if not PERIOD_CODE.match(period or ""):
        raise RunError(_("The period {period!r} is not a period code such as 2018.").format(period=period))
    return load_config(config_dir, catalog)


def prepare(inbox: Path | str, period: str, out: Path | str, state: Path | str, config: Config,
            lang: str, task_runner: str = "thread") -> RunPlan:
    set_language(lang)
    inbox_path = Path(os.path.realpath(inbox))
    state_path = Path(state).resolve()
    state_path.mkdir(parents=True, exist_ok=True)
    out_path = Path(out).resolve()
    if out_path == inbox_path or inbox_path in out_path.parents:
        raise RunError(_("The output folder {out} is inside the inbox; the inbox is never written to.").format(out=out))
    url = default_url(state_path)
    store = open_store(url)
    entries = scan_inbox(inbox_path)
    # the commune clerks' uploads of this period: a second source of their units, beside the inbox
    from pipeline.run.uploads import run_entries

    entries += run_entries(store, state_path, period)
    # The caller holds the run lock, so no other run is live on this state: a row still 'running'
    # belongs to a run that was killed before it could say how it ended. A store given by URL may be
    # shared with other state directories (other locks): there, only this inbox's rows are ours.
    shared = bool(os.environ.get("KIEMCHUNG_DB_URL"))
    stale = store.interrupt_running_runs(str(inbox_path) if shared else None)
    if stale:
        log.warning("marked %d earlier run(s) that never finished as interrupted", stale)
    run_id = store.start_run(period, str(inbox_path))
    return RunPlan(inbox=inbox_path, inbox_key=str(inbox_path), period=period, out=out_path,
                   state=state_path, config=config, lang=lang, store_url=url, entries=entries,
                   run_id=run_id, started=dt.datetime.now(dt.UTC), task_runner=task_runner,
                   taught=taught_from(store))


def taught_from(store: Store) -> tuple:
    """Every reviewer decision of every period, as `TaughtRule`s (oldest first): a decision made on
    2018's workbook teaches the runs of 2019 too."""
    from pipeline.decide.taught import taught_rules

    return taught_rules(store.evidence_decisions())


# ---- one file ----------------------------------------------------------------------------------


def entry_params(e: InboxEntry) -> dict:
    """What a file task needs, picklable (the real path may hold surrogate escapes: str is fine)."""
    return {"abspath": str(e.abspath), "relpath": e.path, "sha256": e.sha256, "size": e.size,
            "mtime_ns": e.mtime_ns}


def _render_error(ef: ExtractedFile) -> ExtractedFile:
    """A cached file's error sentence in the run's language (the cache is shared by languages)."""
    if not ef.error_code:
        return ef
    from pipeline.inbox import quarantine

    if ef.error_code not in getattr(quarantine, "MESSAGES", {}):
        return ef  # a code the sentences do not know: keep the one extraction wrote
    message = quarantine.message
    try:
        return ef.model_copy(update={"error": message(ef.error_code, ef.error_params)})
    except Exception:  # an unknown code must not fail the run: keep the cached sentence
        return ef


def relocate(ef: ExtractedFile, relpath: str) -> ExtractedFile:
    """The cache is by content: the same bytes may have been seen under another path."""
    if ef.path == relpath:
        return ef
    docs = [d.model_copy(update={"provenance": d.provenance.model_copy(update={"file": relpath})})
            for d in ef.documents]
    return ef.model_copy(update={"path": relpath, "documents": docs})


def _stat_changed(abspath: str, size: int | None, mtime_ns: int | None) -> bool:
    try:
        st = os.lstat(abspath)
    except OSError:
        return True
    return (st.st_size, st.st_mtime_ns) != (size, mtime_ns)


def deferred_file(relpath: str, sha256: str | None, size: int | None, code: str) -> ExtractedFile:
    return ExtractedFile(path=relpath, sha256=sha256 or "", size=size or 0, kind="unknown", status="deferred",
                         error=problem_message(code, {}), error_code=code)


def cached_hashes(plan: RunPlan) -> set[str]:
    """The content hashes of the files to extract whose extraction is in the store already."""
    return open_store(plan.store_url).cached_hashes([e.sha256 for e in plan.to_extract if e.sha256], EXTRACT_VERSION)


def warm_readers_for(misses: list[InboxEntry]) -> None:
    """Before the first reader is forked, in this one thread: when some file will really be read,
    what every reader child needs is built here once (`extract.files.warm_readers`)."""
    if misses:
        from pipeline.extract.files import warm_readers

        warm_readers()


def process_entry(abspath: str, relpath: str, sha256: str, size: int, mtime_ns: int, store_url: str,
                  settings: Settings, lang: str) -> tuple[ExtractedFile, bool]:
    """Cached extraction of one file. Returns (file, True when from the cache).

    Extraction is by far the costliest step (OCR), hence cached by content (sha256 + EXTRACT_VERSION):
    an unchanged inbox re-reads nothing. Classification belongs to the unit's analysis
    (`analyze_job`), whose result is cached by everything it depends on, the code included. An
    unexpected exception (a bug in a stage) quarantines the file without caching, so one bad file
    never stops the night's run and the next run retries it.
    """
    set_language(lang)
    store = open_store(store_url)
    ef = store.get_extraction(sha256, EXTRACT_VERSION)
    cached = ef is not None
    if ef is None:
        try:
            from pipeline.run.time_budget import UNCACHED_CODES, extract_within

            ef = extract_within(Path(abspath), relpath, settings, sha256, size)
        except Exception as exc:  # never raises by contract; a bug must not stop the run
            log.exception("extraction failed for %s", relpath)
            return _internal_error(relpath, sha256, size, exc), False
        # The cache key must describe the bytes extraction read: a file changed since the scan is
        # left for the next run, not cached under the old hash.
        if _stat_changed(abspath, size, mtime_ns) or (ef.sha256 and ef.sha256 != sha256):
            return deferred_file(relpath, sha256, size, "changed_before_extraction"), False
        ef = ef.model_copy(update={"sha256": sha256, "path": relpath})
        if ef.error_code in UNCACHED_CODES:
            return _render_error(ef), False
        try:
            store.put_extraction(ef)
        except Exception:  # the cache only saves work next run: the extraction itself is good
            log.warning("could not cache the extraction of %s; it will be extracted again next run",
                        relpath, exc_info=True)
    return _render_error(relocate(ef, relpath)), cached


def classified(ef: ExtractedFile) -> ExtractedFile:
    """The file with its documents' metadata (the classify stage); a bug there quarantines the
    file, as one in extraction does."""
    if ef.status != "processed":
        return ef
    try:
        from pipeline.read.classify import classify_file

        return classify_file(ef)
    except Exception as exc:
        log.exception("classification failed for %s", ef.path)
        return _internal_error(ef.path, ef.sha256, ef.size, exc)


def _internal_error(relpath: str, sha256: str, size: int, exc: BaseException) -> ExtractedFile:
    reason = f"{type(exc).__name__}: {exc}"[:200]
    return ExtractedFile(
        path=relpath, sha256=sha256, size=size or 0, kind="unknown", status="quarantined",
        error=_("The file could not be processed because of an internal error ({reason}); "
                "it will be tried again in the next run.").format(reason=reason),
        error_code="internal_error", error_params={"reason": reason})


def scan_result(e: InboxEntry) -> ExtractedFile:
    """The record of a file the scan itself quarantined or deferred (never read by extraction)."""
    kind = {"symlink": "symlink", "not_regular_file": "special"}.get(e.error_code or "", "unknown")
    return ExtractedFile(path=e.path, sha256=e.sha256 or "", size=e.size or 0, kind=kind, status=e.status,
                         error=e.error, error_code=e.error_code, error_params=e.error_params)


# ---- units -------------------------------------------------------------------------------------


@dataclass
class UnitJob:
    unit: Unit | None
    folder: str  # as on disk; "" = files directly in INBOX
    folders: list[str]
    files: list[ExtractedFile]


def plan_units(entries: list[InboxEntry], files: dict[str, ExtractedFile], units: UnitsConfig,
               include_absent: bool = True) -> list[UnitJob]:
    """Group files by top-level folder, map folders to units (NFC names), order as the contract says.

    Several folders mapping to one unit (`Xa Vinh Thanh` and `Xã Vĩnh Thành`) are one unit: its
    evidence is scored together; `folders` lists them all. Configured units that sent nothing are
    kept (`include_absent`) so that every unit of the district is in the draft, the sheet and the report.
    """
    from pipeline.inbox.units import map_folder

    by_folder: dict[str, list[ExtractedFile]] = {}
    nfc_of: dict[str, str] = {}
    uploaded: dict[str, list[ExtractedFile]] = {}  # unit name -> its clerks' uploads
    configured = {u.name for u in units.units}
    for e in entries:
        if e.path not in files:
            continue
        if e.source == "upload" and e.unit in configured:
            uploaded.setdefault(e.unit, []).append(files[e.path])
            continue
        by_folder.setdefault(e.folder, []).append(files[e.path])
        nfc_of[e.folder] = e.folder_nfc
    mapped: dict[str, list[str]] = {}
    unmapped: list[str] = []
    for folder in sorted(by_folder):
        unit = map_folder(nfc_of[folder], units) if folder else None
        if unit is None:
            unmapped.append(folder)
        else:
            mapped.setdefault(unit.name, []).append(folder)
    jobs: list[UnitJob] = []
    for unit in units.units:
        folders = mapped.get(unit.name, [])
        if not folders and not uploaded.get(unit.name) and not include_absent:
            continue
        fs = sorted([*(f for folder in folders for f in by_folder[folder]), *uploaded.get(unit.name, [])],
                    key=lambda f: f.path)
        jobs.append(UnitJob(unit=unit, folder=folders[0] if folders else "", folders=folders, files=fs))
    # Unmapped folders last, the inbox root ("") after every named folder.
    for folder in sorted(unmapped, key=lambda f: (f == "", f)):
        jobs.append(UnitJob(unit=None, folder=folder, folders=[folder],
                            files=sorted(by_folder[folder], key=lambda f: f.path)))
    return jobs


def _file_out(ef: ExtractedFile) -> FileOut:
    return FileOut(path=ef.path, sha256=ef.sha256, status=ef.status, error=ef.error, documents=[], kind=ef.kind,
                   error_code=ef.error_code, source=source_of(ef.path))


def analyze_job(job: UnitJob, config: Config, period: str, lang: str | None = None,
                taught: tuple = ()) -> UnitDraft:
    """One unit's draft entry: analyze_unit on the files read this run, plus the deferred files."""
    if lang:
        set_language(lang)
    from pipeline.decide.analyze import analyze_unit

    readable = [classified(f) for f in job.files if f.status != "deferred"]
    draft = analyze_unit(job.unit, job.folder, readable, config, period, taught)
    files = sorted([*draft.files, *(_file_out(f) for f in job.files if f.status == "deferred")],
                   key=lambda f: f.path)
    flags = list(draft.flags)
    if job.unit is None and not any(f.code == "unknown_unit" for f in flags):
        msg = (_("Files placed directly in the inbox, outside any unit folder.") if not job.folder else
               _("The folder {folder} matches no configured unit.").format(folder=job.folder))
        flags.append(Flag(code="unknown_unit", message=msg))
    return draft.model_copy(update={"files": files, "flags": flags,
                                    "folders": job.folders if len(job.folders) > 1 else None})


# ---- the draft and its accounting --------------------------------------------------------------


def assemble_draft(plan: RunPlan, units: list[UnitDraft], files: dict[str, ExtractedFile], cache_hits: int,
                   units_reused: int = 0) -> Draft:
    check_accounting(plan.entries, units)
    acc = accounting(plan.entries, units, files).model_copy(update={
        "cache_hits": cache_hits, "extracted": len(plan.to_extract) - cache_hits, "units_reused": units_reused})
    finished = dt.datetime.now(dt.UTC)
    return Draft(
        period=plan.period, catalog=plan.config.catalog.id, units=units, accounting=acc,
        run=RunInfo(id=plan.run_id, started=plan.started.isoformat(timespec="seconds"),
                    finished=finished.isoformat(timespec="seconds"), seconds=round(time.monotonic() - plan.t0, 3),
                    inbox=plan.inbox_key, extract_version=EXTRACT_VERSION,
                    file_seconds=plan.config.settings.limits.file_seconds, task_runner=plan.task_runner,
                    lang=plan.lang))


_MAX_DB_INT = 2**31 - 1  # inbox_files.size is INTEGER: a 3 GB video must not fail the run on PostgreSQL


def file_rows(plan: RunPlan, units: list[UnitDraft]) -> list[dict]:
    folder_of = {e.path: e.folder for e in plan.entries}
    size_of = {e.path: (e.size if e.size is not None and e.size <= _MAX_DB_INT else None) for e in plan.entries}
    rows = [{"path": f.path, "sha256": f.sha256 or None, "size": size_of.get(f.path),
             "unit_folder": folder_of.get(f.path), "status": f.status, "error_code": f.error_code, "error": f.error}
            for u in units for f in u.files]
    rows += [{"path": e.path, "sha256": None, "size": size_of[e.path], "unit_folder": e.folder, "status": "ignored",
              "error_code": None, "error": None} for e in plan.entries if e.status == "ignored"]
    return rows


def record(plan: RunPlan, draft: Draft) -> int:
    """Files, draft and run end in one transaction; returns the draft id."""
    store = open_store(plan.store_url)
    return store.complete_run(plan.run_id, plan.period, plan.inbox_key, file_rows(plan, draft.units), draft,
                              draft.accounting.counts())


def fail_run(plan: RunPlan, reason: str) -> None:
    try:
        open_store(plan.store_url).finish_run(plan.run_id, "failed", {"error": reason[:500]})
    except Exception:  # the store itself may be what failed; the caller reports the first error
        log.exception("could not mark run %s failed", plan.run_id)


def run_sequential(inbox: Path | str, period: str, out: Path | str, state: Path | str, config: Config,
                   lang: str = "vi", progress=None) -> Draft:
    """The whole run in this thread, without Prefect: the reference the flow must agree with, and
    what the tests use to check the logic (cache, accounting) quickly."""
    from pipeline.run.lock import run_lock

    with run_lock(state):
        plan = prepare(inbox, period, out, state, config, lang, task_runner="sequential")
        try:
            files: dict[str, ExtractedFile] = {e.path: scan_result(e) for e in plan.entries
                                               if e.status in ("quarantined", "deferred")}
            hits = 0
            cached = cached_hashes(plan)
            warm_readers_for([e for e in plan.to_extract if e.sha256 not in cached])
            if progress:
                progress.start(len(plan.to_extract))
            for e in plan.to_extract:
                ef, cached = process_entry(**plan.extract_params(e))
                files[e.path] = ef
                hits += cached
                if progress:
                    progress.advance(1, pages_of(ef))
            if progress:
                progress.close()
            jobs = plan_units(plan.entries, files, config.units)
            units, reused = analyze_jobs(plan, jobs, lambda todo: [analyze_job(j, config, period, lang, taught=plan.taught)
                                                                   for j in todo])
            draft = assemble_draft(plan, units, files, hits, reused)
            write_outputs(draft, config, plan.out, plan.store_url)
            record(plan, draft)
            return draft
        except BaseException as exc:
            fail_run(plan, str(exc))
            raise
