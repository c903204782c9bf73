"""`kiemchung serve`: the nightly deployment, one long-running process.

Prefect's ephemeral server does not run the scheduler service (Prefect refuses to schedule on it),
so without a `PREFECT_API_URL` this starts a local Prefect server (API + UI + scheduler) on
127.0.0.1 whose home and SQLite database live in the state directory, then serves the flow on the
cron of settings.yaml in its timezone (Asia/Ho_Chi_Minh: 01:00 there is 18:00 UTC). With a
`PREFECT_API_URL`, the district's Prefect server is used instead and nothing is started.
Stopping the process (Ctrl-C, SIGTERM) stops the local server too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from flows.prefect_env import configure, prefect_home, uses_server
from pipeline.core.config import Settings

DEPLOYMENT_NAME = "nightly"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when `kiemchung serve` dies, even by kill -9 (no orphan server)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - other systems: the normal shutdown path still stops it
        pass


def start_local_server(state: Path, port: int | None = None, timeout: float = 90.0) -> tuple[subprocess.Popen, str]:
    """A Prefect server (with its scheduler) for this state directory; returns (process, API URL)."""
    port = port or _free_port()
    home = prefect_home(state)
    env = dict(os.environ)
    configure(state, log_level="INFO", env=env)
    for key in ("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "PREFECT_UI_ENABLED", "PREFECT__SERVER_EPHEMERAL"):
        env.pop(key, None)
    env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{home / 'prefect.db'}"
    env["PREFECT_UI_API_URL"] = f"http://127.0.0.1:{port}/api"
    log = open(home / "server.log", "ab")  # noqa: SIM115 - lives as long as the server
    import importlib.util

    # Locate Prefect without importing it: importing now would fix its settings without the API URL.
    package_parent = Path(importlib.util.find_spec("prefect").origin).parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", str(package_parent), "--factory",
         "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning", "--lifespan", "on"],
        env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the local Prefect server stopped at start; see {home / 'server.log'}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"the local Prefect server did not start within {timeout:.0f} s; see {home / 'server.log'}")


def serve_nightly(state: Path, config_dir: Path | None, inbox: Path, out: Path, period: str | None, lang: str,
                  task_runner: str, dask_address: str | None, port: int | None, settings: Settings) -> None:
    server = None
    if not uses_server():
        # The API URL must be in the environment before Prefect is imported: settings are read once.
        server, url = start_local_server(state, port)
        os.environ["PREFECT_API_URL"] = url
        print(f"Prefect UI: {url.removesuffix('/api')}", flush=True)
    configure(state, log_level="INFO")
    try:
        from prefect.schedules import Cron

        from flows.run_flow import cchc_run

        params = {
            "inbox": str(Path(inbox).resolve()), "period": period, "out": str(Path(out).resolve()),
            "state": str(Path(state).resolve()), "config_dir": str(Path(config_dir).resolve()) if config_dir else None,
            "lang": lang, "task_runner": task_runner, "dask_address": dask_address,
        }
        cchc_run.serve(
            name=DEPLOYMENT_NAME,
            schedules=[Cron(settings.schedule.cron, timezone=settings.schedule.timezone)],
            parameters=params,
            tags=["kiemchung"],
            limit=1,  # one run at a time (the state lock would refuse a second one anyway)
            pause_on_shutdown=False,
        )
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
