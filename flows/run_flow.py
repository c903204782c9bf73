"""The Prefect flow of one run: one task per new or changed inbox file (extraction, cached by
content), one task per unit whose inputs changed (classification and analysis, cached by
`analysis_cache.analysis_key`), then the draft. The logic is in `pipeline.run.runner`; this module schedules it.

Import only after `flows.prefect_env.configure(state)`: Prefect reads its settings at import.

The task runner is chosen per run (a flow parameter, so a deployment can choose it too): threads
bounded by `settings.ocr.workers` (one Tesseract per core), or Dask — an existing cluster at
`dask_address`, or a local cluster of `workers` single-threaded processes. Prefect's own task
caching is off (`NO_CACHE`): it would hash a path, not the file; the content cache is the store's.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline.core.config import Config, ConfigError, Settings
from pipeline.core.i18n import _, set_language
from pipeline.core.model import Draft, ExtractedFile, UnitDraft
from pipeline.run import accounting as run_accounting
from pipeline.run import analysis_cache, out_folder, runner
from pipeline.run.lock import LockHeld, run_lock
from pipeline.run.progress import LogProgress, Progress

FLOW_NAME = "cchc-run"
TASK_RUNNERS = ("thread", "dask")

# The progress display of the process that runs the flow: the CLI sets a bar or plain lines;
# otherwise (deployment runs) progress lines go to the flow run's log.
_progress: Progress | None = None


def set_progress(progress: Progress | None) -> None:
    global _progress
    _progress = progress


class _LogLines:
    """A text stream writing each line to a logger (LogProgress into the Prefect run log)."""

    def __init__(self, logger):
        self.logger = logger

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                self.logger.info(line)
        return len(text)

    def flush(self) -> None:
        pass


def make_task_runner(kind: str, workers: int, dask_address: str | None = None):
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=max(1, workers))
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": max(1, workers), "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    raise runner.RunError(_("Unknown task runner {name!r} (choose thread or dask).").format(name=kind))


@task(name="extract", cache_policy=NO_CACHE, persist_result=False, task_run_name="extract {relpath}")
def extract_task(abspath: str, relpath: str, sha256: str, size: int, mtime_ns: int, store_url: str,
                 settings: Settings, lang: str) -> tuple[ExtractedFile, bool]:
    return runner.process_entry(abspath, relpath, sha256, size, mtime_ns, store_url, settings, lang)


def _analyze_run_name() -> str:
    from prefect.runtime import task_run

    job = task_run.parameters["job"]
    return f"analyze {job.unit.name if job.unit else (job.folder or '(inbox root)')}"


@task(name="analyze", cache_policy=NO_CACHE, persist_result=False, task_run_name=_analyze_run_name)
def analyze_task(job: runner.UnitJob, config: Config, period: str, lang: str, taught: tuple = ()) -> UnitDraft:
    return runner.analyze_job(job, config, period, lang, taught)


def _execute(plan: runner.RunPlan, task_runner: str, dask_address: str | None) -> Draft:
    logger = get_run_logger()
    settings = plan.config.settings
    files: dict[str, ExtractedFile] = {e.path: runner.scan_result(e) for e in plan.entries
                                       if e.status in ("quarantined", "deferred")}
    todo = plan.to_extract
    logger.info("run %s: %d files found, %d to read", plan.run_id, len(plan.entries), len(todo))
    hits = 0
    progress = _progress if _progress is not None else LogProgress(_LogLines(logger))
    # Files whose content is already extracted are read from the store here, in one batch query
    # and without a task each (~15 ms of Prefect overhead a task): an unchanged night re-reads
    # nothing and schedules nothing. Only new or changed files become extraction tasks.
    stored = runner.cached_hashes(plan)
    progress.start(len(todo))
    misses = []
    for e in todo:
        if e.sha256 not in stored:
            misses.append(e)
            continue
        ef, cached = runner.process_entry(**plan.extract_params(e))
        files[e.path] = ef
        hits += cached
        progress.advance(1, run_accounting.pages_of(ef))
    if task_runner != "dask":  # Dask's workers fork their readers in their own processes
        runner.warm_readers_for(misses)
    with make_task_runner(task_runner, settings.ocr.workers, dask_address) as tr:
        futures = {}
        for e in misses:
            params: dict[str, Any] = plan.extract_params(e)
            futures[tr.submit(extract_task, parameters=params)] = e
        for fut in as_completed(list(futures)):
            ef, cached = fut.result()
            files[futures[fut].path] = ef
            hits += cached
            progress.advance(1, run_accounting.pages_of(ef))
        progress.close()
        jobs = runner.plan_units(plan.entries, files, plan.config.units)

        def analyze_missing(todo: list[runner.UnitJob]) -> list[dict]:
            futures = [tr.submit(analyze_task, parameters={"job": j, "config": plan.config,
                                                           "period": plan.period, "lang": plan.lang,
                                                           "taught": plan.taught})
                       for j in todo]
            return [f.result() for f in futures]

        # units whose files, configuration and code are unchanged are served from the store
        units, reused = analysis_cache.analyze_jobs(plan, jobs, analyze_missing)
        logger.info("run %s: %d of %d units analysed, %d unchanged", plan.run_id, len(jobs) - reused,
                    len(jobs), reused)
    draft = runner.assemble_draft(plan, units, files, hits, reused)
    out_folder.write_outputs(draft, plan.config, plan.out, plan.store_url)
    runner.record(plan, draft)
    try:
        from flows.artifacts import publish_artifacts

        publish_artifacts(draft, plan.config)
    except Exception as exc:  # the UI summary is a convenience; the run's results are written
        logger.warning("artifacts not published: %s", exc)
    logger.info("run %s done: %s", plan.run_id, draft.accounting.counts())
    return draft


@flow(name=FLOW_NAME, persist_result=False, log_prints=False, validate_parameters=True)
def cchc_run(inbox: str, period: str | None, out: str, state: str = ".kiemchung", config_dir: str | None = None,
             catalog: str | None = None, lang: str = "vi", task_runner: str = "thread",
             dask_address: str | None = None) -> dict:
    """Scan INBOX, read every file (cached), analyze every unit, write OUT/draft.json and the sheet.

    Returns a short summary (paths and accounting); a run that cannot complete ends Failed with a
    one-line message (inbox missing, config invalid, lock held, accounting mismatch).
    """
    set_language(lang)
    try:
        if not period:  # a deployment without a period: the current year where the district is
            period = runner.current_period(runner.load_config(config_dir, catalog).settings.schedule.timezone)
        config = runner.check_inputs(inbox, period, config_dir, catalog)
        with run_lock(state):
            plan = runner.prepare(inbox, period, out, state, config, lang, task_runner=task_runner)
            try:
                draft = _execute(plan, task_runner, dask_address)
            except BaseException as exc:
                runner.fail_run(plan, str(exc))
                raise
    except (runner.RunError, ConfigError, LockHeld) as exc:
        return Failed(message=str(exc))
    return {
        "draft": str(plan.out / out_folder.DRAFT_NAME),
        "sheet": str(plan.out / out_folder.SHEET_NAME),
        "run_id": plan.run_id,
        "accounting": draft.accounting.counts(),
    }
