"""Prefect's environment for one state directory, set before Prefect is imported.

Prefect reads its settings once, at import. Each kiemchung state directory gets its own Prefect
home (`<state>/prefect`: profiles, local result storage, the ephemeral server's SQLite database),
so two state directories never share a database, a port file or a profile. Without a
`PREFECT_API_URL` from the user, runs use Prefect's ephemeral mode: a private API server in a
subprocess on 127.0.0.1, no server to install, nothing sent anywhere (analytics off). With a
`PREFECT_API_URL` (a Prefect server the district runs), that server is used as is.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The ephemeral server starts a uvicorn subprocess and migrates its SQLite database; on a slow CI
# machine with two busy cores this took far longer than Prefect's 20 s default.
STARTUP_TIMEOUT_SECONDS = 90
# The private server's output, in its Prefect home (one per state directory), rewritten per run.
SERVER_LOG = "server.log"


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


class PrivateServer:
    """The run's private Prefect API server, launched before Prefect is imported in this process.

    It is the very command Prefect's ephemeral mode runs (uvicorn serving
    `prefect.server.api.server:create_app` on 127.0.0.1, UI off), but started by hand: Prefect's
    own `SubprocessASGIServer` needs the server's modules imported in this process first (3.7 s,
    a FastAPI application and its database models) before the subprocess even starts, and then
    this process imports the rest of Prefect (2.3 s) only after the server is up. Launched
    first, the subprocess boots while this process imports Prefect and the flow: an unchanged
    re-run of the sample inbox went from 17 s to (see README's benchmarks)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = 0
        self._launch()
        atexit.register(self.stop)  # after Prefect's own exit hooks, which flush logs to it

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> None:
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        spec = importlib.util.find_spec("prefect")
        if spec is None or spec.origin is None:
            raise RuntimeError("Prefect is not installed")
        site = str(Path(spec.origin).resolve().parent.parent)
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1",
               # stopped at the end of every run, the server otherwise prints library tracebacks
               # (a database connection reset while its event loop is cancelled): harmless, alarming
               "PREFECT_LOGGING_ROOT_LEVEL": os.environ.get("PREFECT_LOGGING_ROOT_LEVEL") or "CRITICAL"}
        # The server's own output goes to a log in its home, not to the clerk's terminal: when it
        # is stopped at the end of a run, a database connection cancelled mid-rollback is logged as
        # an ERROR traceback by SQLAlchemy's pool, whose `sqlalchemy` logger sets its own WARNING
        # level, so the root level above does not hold it back (harmless, alarming). The log is kept for
        # the IT person, and its tail is quoted when the server does not start.
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab" if self.process is not None else "wb") as log:  # a relaunch appends
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--app-dir", site, "--factory",
                 "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
                 "--log-level", "error", "--lifespan", "on"],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

    @property
    def log_path(self) -> Path:
        home = os.environ.get("PREFECT_HOME") or str(Path.home() / ".prefect")
        return Path(home) / SERVER_LOG

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait(self, timeout: float) -> str:
        """Block until the server answers its health check; returns the API URL."""
        deadline = time.monotonic() + timeout
        relaunched = 0
        while time.monotonic() < deadline:
            assert self.process is not None
            code = self.process.poll()
            if code is not None:
                if relaunched < 3:  # the port was taken meanwhile (uvicorn exits with 3): another one
                    relaunched += 1
                    self._launch()
                    continue
                raise RuntimeError(f"The private Prefect server exited with code {code}; its log "
                                   f"({self.log_path}) ends:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return self.api_url
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"The private Prefect server did not start within {timeout:.0f} s; its log "
                           f"({self.log_path}) ends:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def launch_private_server() -> PrivateServer | None:
    """Start the private server now when runs use ephemeral mode (no PREFECT_API_URL); call
    after `configure` and before importing Prefect, then pass it to `private_api`."""
    return None if uses_server() else PrivateServer()


@contextmanager
def private_api(server: PrivateServer | None = None) -> Iterator[str]:
    """The run's private (ephemeral) server as an explicit API URL setting.

    Why explicit: Dask workers are other processes: they get the flow's settings, not its
    in-process client; without the URL each worker would start (slowly, ~20 s) a private server
    of its own and record its task runs there. With it, workers on this host report to the run's
    server (workers on other hosts cannot reach 127.0.0.1: use a Prefect server, PREFECT_API_URL,
    for a multi-host cluster). Call after `configure`; the server stops when the process exits.
    """
    server = server or PrivateServer()
    timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or STARTUP_TIMEOUT_SECONDS)
    url = server.wait(timeout)
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield url
