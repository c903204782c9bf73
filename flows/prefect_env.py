"""Prefect's environment for one state directory, set before Prefect is imported.

Prefect reads its settings once, at import. Each kiemchung state directory gets its own Prefect
home (`<state>/prefect`: profiles, local result storage, the ephemeral server's SQLite database),
so two state directories never share a database, a port file or a profile. Without a
`PREFECT_API_URL` from the user, runs use Prefect's ephemeral mode: a private API server in a
subprocess on 127.0.0.1, no server to install, nothing sent anywhere (analytics off). With a
`PREFECT_API_URL` (a Prefect server the district runs), that server is used as is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The ephemeral server starts a uvicorn subprocess and migrates its SQLite database; on a slow CI
# machine with two busy cores this took far longer than Prefect's 20 s default.
STARTUP_TIMEOUT_SECONDS = 90


class PrefectAlreadyConfigured(RuntimeError):
    pass


def prefect_home(state_dir: Path | str) -> Path:
    return Path(state_dir).resolve() / "prefect"


def uses_server() -> bool:
    """True when the user points runs at a Prefect server (PREFECT_API_URL)."""
    return bool(os.environ.get("PREFECT_API_URL"))


def configure(state_dir: Path | str, log_level: str = "WARNING", env: dict[str, str] | None = None) -> dict[str, str]:
    """Set Prefect's environment for `state_dir` (in `env`, default os.environ); returns what was set.

    Call before the first `import prefect` of the process; calling it again for the same state
    directory is harmless, for another one after Prefect was imported raises (its settings are fixed).
    """
    env = os.environ if env is None else env
    home = prefect_home(state_dir)
    home.mkdir(parents=True, exist_ok=True)
    if "prefect" in sys.modules and env is os.environ:
        current = os.environ.get("PREFECT_HOME")
        if current and Path(current).resolve() != home:
            raise PrefectAlreadyConfigured(
                f"Prefect was already configured for {current}; one state directory per process")
    values = {
        "PREFECT_HOME": str(home),
        "PREFECT_PROFILES_PATH": str(home / "profiles.toml"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": env.get(
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(STARTUP_TIMEOUT_SECONDS)),
        "PREFECT_LOGGING_LEVEL": env.get("PREFECT_LOGGING_LEVEL", log_level),
        "PREFECT_LOCAL_STORAGE_PATH": str(home / "storage"),
    }
    if not env.get("PREFECT_API_URL"):
        # Ephemeral mode: a private server whose database lives in this state directory only.
        env.pop("PREFECT_API_URL", None)
        values.update({
            "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
            "PREFECT_UI_ENABLED": "false",  # nobody can reach a private server's UI; skip building it
            # The private server, stopped at the end of every run, logs its event recorder's
            # cancelled flush as ERROR tracebacks (harmless; nothing is lost that anyone reads).
            "PREFECT_SERVER_LOGGING_LEVEL": env.get("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL"),
        })
    env.update(values)
    return values


@contextmanager
def private_api() -> Iterator[str]:
    """Start the run's private (ephemeral) server now and make its URL an explicit setting.

    Two reasons. Dask workers are other processes: they get the flow's settings, not its
    in-process client; without the URL each worker would start (slowly, ~20 s) a private server
    of its own and record its task runs there. With it, workers on this host report to the run's
    server (workers on other hosts cannot reach 127.0.0.1: use a Prefect server, PREFECT_API_URL,
    for a multi-host cluster). And the server is started with a quiet root logger: stopped at the
    end of every run, it otherwise prints library tracebacks (a database connection reset while
    its event loop is cancelled) that are harmless and alarming. Call after `configure`.
    """
    from prefect.logging.configuration import ensure_logging_setup
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    ensure_logging_setup()  # this process's logging first, so the quiet root below is the server's only
    quiet = {"PREFECT_LOGGING_ROOT_LEVEL": os.environ.get("PREFECT_LOGGING_ROOT_LEVEL") or "CRITICAL"}
    saved = {k: os.environ.get(k) for k in quiet}
    os.environ.update(quiet)  # read by the server subprocess only: this process's logging is set up
    try:
        server = SubprocessASGIServer()  # the same instance Prefect's client would start
        server.start()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url
