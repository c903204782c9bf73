"""`kiemchung`: run, confirm, report, letters, serve, phrases export, review, users.

Everything that can be refused is refused before Prefect starts (its private server takes seconds
to come up): a missing inbox, an invalid configuration, a run already holding the state directory.
A run that cannot complete exits non-zero with one line saying why, never a traceback; a run that
completed exits 0 even when some files were unreadable (they are in the draft, with a reason).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from pipeline.core.i18n import LANGUAGES, _, set_language

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Kiểm chứng Chỉ số CCHC cấp xã / evidence pipeline of the commune Administrative Reform Index.")

STATE_ENV = "KIEMCHUNG_STATE"
DEFAULT_STATE = ".kiemchung"

StateOpt = typer.Option(None, "--state", help="State directory (store, caches, Prefect home); "
                        "default ./.kiemchung or $KIEMCHUNG_STATE.")
ConfigOpt = typer.Option(None, "--config", help="Configuration directory (settings.yaml, catalog, units).")
LangOpt = typer.Option(None, "--lang", help="vi | en (default: $KIEMCHUNG_LANG, settings.yaml, vi).")


def state_dir(state: Path | None) -> Path:
    return Path(state or os.environ.get(STATE_ENV) or DEFAULT_STATE)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def fail(message: str, code: int = 1) -> None:
    typer.echo(_one_line(message), err=True)
    raise typer.Exit(code)


def _early_language(lang: str | None) -> str | None:
    """--lang, else $KIEMCHUNG_LANG; None = let settings.yaml decide once it is loaded."""
    chosen = lang or os.environ.get("KIEMCHUNG_LANG") or None
    if chosen is not None and chosen not in LANGUAGES:
        set_language("vi")
        fail(_("Unknown language {lang!r} (choose vi or en).").format(lang=chosen), 2)
    set_language(chosen or "vi")
    return chosen


def _load(config: Path | None, catalog: Path | None = None):
    from pipeline.core.config import ConfigError, load_config

    try:
        return load_config(config, catalog)
    except ConfigError as exc:
        fail(_("Invalid configuration: {error}").format(error=exc))


def _configured(lang: str | None, config: Path | None):
    """The config, with the language chosen: --lang, else KIEMCHUNG_LANG, else the settings'."""
    chosen = _early_language(lang)
    cfg = _load(config)
    set_language(chosen or cfg.settings.lang)
    return cfg


@app.command()
def run(
    inbox: Path = typer.Option(..., "--inbox", help="The evidence inbox: one folder per unit."),
    period: str = typer.Option(..., "--period", help="The period, e.g. 2018."),
    out: Path = typer.Option(..., "--out", help="Where draft.json and draft_scores.xlsx are written."),
    config: Path | None = ConfigOpt,
    catalog: Path | None = typer.Option(None, "--catalog", help="Another catalog file (another year)."),
    state: Path | None = StateOpt,
    lang: str | None = LangOpt,
    task_runner: str = typer.Option("thread", "--task-runner", help="thread | dask"),
    dask_address: str | None = typer.Option(None, "--dask-address", help="tcp://HOST:PORT of a Dask scheduler."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show progress."),
) -> None:
    """Run the pipeline once (a Prefect flow run) and write OUT."""
    from pipeline.core.config import ConfigError
    from pipeline.run import runner
    from pipeline.run.lock import LockHeld, acquire, release

    chosen = _early_language(lang)
    if task_runner not in ("thread", "dask"):
        fail(_("Unknown task runner {name!r} (choose thread or dask).").format(name=task_runner), 2)
    if dask_address and task_runner != "dask":
        task_runner = "dask"  # an address only makes sense for Dask
    try:
        cfg = runner.check_inputs(inbox, period, config, catalog)
    except ConfigError as exc:
        fail(_("Invalid configuration: {error}").format(error=exc))
    except runner.RunError as exc:
        fail(str(exc))
    lang_final = chosen or cfg.settings.lang
    set_language(lang_final)
    state_path = state_dir(state).resolve()
    try:
        acquire(state_path)  # before Prefect starts: a second run is refused at once
    except LockHeld as exc:
        fail(str(exc))
    try:
        summary = _run_flow(inbox, period, out, state_path, config, catalog, lang_final, task_runner,
                            dask_address, progress)
    finally:
        release(state_path)
    acc = summary.get("accounting", {})
    typer.echo(_("Done: {found} files: {processed} processed, {quarantined} quarantined, {deferred} deferred, "
                 "{ignored} ignored.").format(**{k: acc.get(k, 0) for k in
                                                  ("found", "processed", "quarantined", "deferred", "ignored")}))
    typer.echo(_("Per-file time budget: {seconds} s").format(seconds=cfg.settings.limits.file_seconds))
    typer.echo(_("Results: {draft} and {sheet} (state: {state})").format(
        draft=summary["draft"], sheet=summary["sheet"], state=state_path))


def _run_flow(inbox: Path, period: str, out: Path, state: Path, config: Path | None, catalog: Path | None,
              lang: str, task_runner: str, dask_address: str | None, progress: bool) -> dict:
    from contextlib import ExitStack

    from flows.prefect_env import configure, launch_private_server, private_api

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread per Tesseract: 9x faster here
    configure(state)
    server = launch_private_server()  # boots while this process imports Prefect and the flow
    from flows.run_flow import cchc_run, set_progress
    from pipeline.run.progress import make_progress

    set_progress(make_progress(sys.stderr, enabled=progress))
    try:
        with ExitStack() as stack:
            if server is not None:
                stack.enter_context(private_api(server))
            final = cchc_run(inbox=str(Path(inbox).resolve()), period=period, out=str(Path(out).resolve()),
                             state=str(state), config_dir=str(Path(config).resolve()) if config else None,
                             catalog=str(Path(catalog).resolve()) if catalog else None, lang=lang,
                             task_runner=task_runner, dask_address=dask_address, return_state=True)
    except Exception as exc:  # noqa: BLE001 - one line for the user; Prefect keeps the traceback
        fail(_("The run failed: {reason}").format(reason=f"{type(exc).__name__}: {exc}"))
    if final.is_failed() or final.is_crashed() or final.is_cancelled():
        try:
            final.result()
        except Exception as exc:  # noqa: BLE001
            reason = str(exc) or type(exc).__name__
            if final.message and "Failed(" not in reason and not final.message.startswith("Flow run encountered"):
                reason = final.message
        else:
            reason = final.message or final.name
        fail(reason)
    return final.result()


@app.command()
def confirm(
    sheet: Path = typer.Option(..., "--sheet", help="The reviewed OUT/draft_scores.xlsx."),
    period: str = typer.Option(..., "--period"),
    reviewer: str | None = typer.Option(None, "--reviewer", help="Who confirms (default: the login name)."),
    state: Path | None = StateOpt,
    config: Path | None = ConfigOpt,
    lang: str | None = LangOpt,
) -> None:
    """Record the reviewer's scores of a sheet as the next confirmed version."""
    from pipeline.run.store import Store

    cfg = _configured(lang, config)
    if not sheet.is_file():
        fail(_("The sheet {sheet} does not exist.").format(sheet=sheet))
    from pipeline.output.confirm import SheetRejected, confirm_sheet

    store = Store.for_state(state_dir(state))
    try:
        res = confirm_sheet(sheet, period, reviewer, store, cfg)
    except SheetRejected as exc:  # every problem, one per line: the reviewer fixes them all at once
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    except (ValueError, OSError) as exc:
        fail(str(exc))
    finally:
        store.close()
    typer.echo(_("Confirmed period {period}, version {version}, by {reviewer}: {n} scores, {changed} changed "
                 "from the draft.").format(period=res.period, version=res.version, reviewer=res.reviewer,
                                           n=res.scores, changed=len(res.changes)))
    if res.evidence:
        attached = sum(1 for e in res.evidence if e.action == "attach")
        typer.echo(_("Evidence changes recorded: {attached} attached, {removed} removed; the next run learns "
                     "from them.").format(attached=attached, removed=len(res.evidence) - attached))


@app.command()
def report(
    period: str = typer.Option(..., "--period"),
    out: Path = typer.Option(..., "--out"),
    state: Path | None = StateOpt,
    config: Path | None = ConfigOpt,
    lang: str | None = LangOpt,
) -> None:
    """Write the district report (DOCX) from the confirmed scores."""
    cfg = _configured(lang, config)
    from pipeline.output.report import write_report

    path = _write_period_output(write_report, period, state, cfg, out)
    typer.echo(_("Report: {path}").format(path=path))


def _write_period_output(write, period: str, state: Path | None, cfg, out: Path):
    """`write(period, store, cfg, out)` (the report, the letters) over the state's store; what it
    refuses (a bad period, no draft, a missing font, a file it cannot write) is one line on stderr."""
    from pipeline.core.fonts import MissingFont
    from pipeline.run.store import Store

    store = Store.for_state(state_dir(state))
    try:
        return write(period, store, cfg, out)
    except (ValueError, OSError, MissingFont) as exc:
        fail(str(exc))
    finally:
        store.close()


@app.command()
def letters(
    period: str = typer.Option(..., "--period"),
    out: Path = typer.Option(..., "--out"),
    state: Path | None = StateOpt,
    config: Path | None = ConfigOpt,
    lang: str | None = LangOpt,
) -> None:
    """Write one feedback letter (DOCX) per unit from the latest draft (and the confirmed scores)."""
    cfg = _configured(lang, config)
    from pipeline.output.letters import write_letters

    result = _write_period_output(write_letters, period, state, cfg, out)
    typer.echo(_("Letters: {n} in {out}").format(n=len(result.written), out=out))
    if result.skipped:
        typer.echo(_("No letter for folders of no unit: {folders}").format(folders=", ".join(result.skipped)))


phrases_app = typer.Typer(no_args_is_help=True, help="What reviewers taught, as catalog phrases.")
app.add_typer(phrases_app, name="phrases")


@phrases_app.command("export")
def phrases_export(
    state: Path | None = StateOpt,
    out: Path | None = typer.Option(None, "--out", help="The catalog fragment to write (default: print it)."),
    config: Path | None = ConfigOpt,
    lang: str | None = LangOpt,
) -> None:
    """Write the reviewers' attach/remove decisions as a catalog fragment (phrases and exclude words
    per item) for the district to review and fold into next year's catalog."""
    import datetime as dt

    from pipeline.decide.taught import fragment_yaml, taught_rules
    from pipeline.run.out_folder import atomic_write_text
    from pipeline.run.store import Store

    cfg = _configured(lang, config)
    store = Store.for_state(state_dir(state))
    try:
        rules = taught_rules(store.evidence_decisions())
    finally:
        store.close()
    text, n_phrases, n_exclude = fragment_yaml(rules, cfg.catalog, dt.date.today().isoformat())
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        atomic_write_text(out, text)
    except OSError as exc:
        fail(str(exc))
    typer.echo(_("Catalog fragment: {path} ({phrases} phrases, {exclude} exclusions from {n} decisions).").format(
        path=out, phrases=n_phrases, exclude=n_exclude, n=len(rules)))


@app.command()
def serve(
    state: Path | None = StateOpt,
    config: Path | None = ConfigOpt,
    inbox: Path = typer.Option(Path("inbox"), "--inbox", help="The evidence inbox the nightly run reads."),
    out: Path = typer.Option(Path("out"), "--out"),
    period: str | None = typer.Option(None, "--period", help="Default: the current year, at each run."),
    lang: str | None = LangOpt,
    task_runner: str = typer.Option("thread", "--task-runner", help="thread | dask"),
    dask_address: str | None = typer.Option(None, "--dask-address"),
    port: int | None = typer.Option(None, "--port", help="Port of the local Prefect server (UI); default: a free one."),
) -> None:
    """The nightly deployment: Prefect serves the flow on the cron of settings.yaml."""
    chosen = _early_language(lang)
    cfg = _load(config)
    lang_final = chosen or cfg.settings.lang
    set_language(lang_final)
    if not inbox.is_dir():
        fail(_("The inbox {inbox} does not exist.").format(inbox=inbox))
    from flows.serve import serve_nightly

    try:
        serve_nightly(state=state_dir(state).resolve(), config_dir=config, inbox=inbox, out=out, period=period,
                      lang=lang_final, task_runner=task_runner, dask_address=dask_address, port=port,
                      settings=cfg.settings)
    except KeyboardInterrupt:
        raise typer.Exit(0) from None
    except RuntimeError as exc:
        fail(str(exc))


users_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Accounts of the review workspace.")
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="The user name people sign in with."),
    role: str = typer.Option(..., "--role", help="reviewer | admin | commune"),
    unit: str | None = typer.Option(None, "--unit", help="The one unit of a commune account (its configured "
                                    "name, e.g. \"Xã Vĩnh Thành\")."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input "
                                        "(one line), for scripts; otherwise it is asked twice."),
    state: Path | None = StateOpt,
    config: Path | None = ConfigOpt,
    lang: str | None = LangOpt,
) -> None:
    """Create a workspace account (or reset its role, unit and password)."""
    _early_language(lang)
    from pipeline.review.accounts import AccountError, add_user
    from pipeline.run.store import Store

    units = None
    if unit:
        from pipeline.core.config import ConfigError, load_config
        from pipeline.inbox.units import map_folder

        try:
            units_config = load_config(config).units
        except ConfigError as exc:
            fail(str(exc), 2)
        units = [u.name for u in units_config.units]
        found = map_folder(unit, units_config)  # "xa vinh thanh" names "Xã Vĩnh Thành" as a folder would
        unit = found.name if found is not None else unit

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    store = Store.for_state(state_dir(state))
    try:
        add_user(store, name, role, password, unit, units)
    except AccountError as exc:
        fail(str(exc), 2)
    finally:
        store.close()
    typer.echo(_("Account {name} ({role}) saved.").format(name=name, role=role))


# One process serves the workspace (SQLite has one writer; the page data it keeps is per process).
# Its requests run in worker threads: as many as the store's connection pool keeps open (SQLAlchemy's
# default, 5). More threads do not make one Python process faster: they queue for pool connections,
# open and close extra ones and contend for the interpreter (bench/bench_review.py, 20 reviewers: p95
# about a fifth lower with 5 threads than with anyio's 40).
REVIEW_THREADS = 5


def _limit_threads(web, threads: int) -> None:
    """At most `threads` requests of the Starlette app `web` in worker threads at once (anyio's
    default is 40), set when the server starts; the app's own startup, if any, still runs."""
    import contextlib

    import anyio.to_thread

    inner = web.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app):
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        async with inner(app) as started:
            yield started

    web.router.lifespan_context = lifespan


@app.command()
def review(
    state: Path | None = StateOpt,
    config: Path | None = ConfigOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8400, "--port"),
    threads: int = typer.Option(REVIEW_THREADS, "--threads", min=1, max=64,
                                help="Requests worked on at once (one process; the rest wait their turn)."),
    lang: str | None = LangOpt,
) -> None:
    """Serve the review workspace (web pages over the store) until interrupted."""
    cfg = _configured(lang, config)
    import uvicorn

    from pipeline.review.app import create_app

    state_path = state_dir(state).resolve()
    if not state_path.is_dir():
        fail(_("The state directory {state} does not exist: run kiemchung first.").format(state=state_path))
    web = create_app(state_path, cfg)
    _limit_threads(web, threads)
    typer.echo(_("Review workspace: http://{host}:{port}/ (Ctrl+C stops it)").format(host=host, port=port))
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
