"""One run at a time per state directory.

`fcntl.flock` on `<state>/run.lock`: the kernel releases it when the holder dies however it dies
(kill -9, power loss of the process), so a crashed run never blocks the next night's. The file
keeps the holder's pid and start time only to say who holds it. Holding is re-entrant inside one
process (the CLI takes the lock before Prefect starts, so a second run fails at once; the flow
takes it again, which also covers runs started by a deployment).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.core.i18n import _

LOCK_NAME = "run.lock"

_held: dict[str, tuple[int, int]] = {}  # lock path -> (fd, depth) held by this process
_guard = threading.Lock()


class LockHeld(RuntimeError):
    """Another run holds the state directory; the message says which and since when."""

    def __init__(self, state_dir: Path, pid: int | None, started: str | None):
        self.state_dir, self.pid, self.started = state_dir, pid, started
        super().__init__(
            _("Another run is already using the state directory {state} (process {pid}, started {started}). "
              "Wait for it to finish, or use another --state.").format(
                state=state_dir, pid=pid if pid is not None else "?", started=started or "?")
        )


def lock_path(state_dir: Path | str) -> Path:
    return Path(state_dir).resolve() / LOCK_NAME


def read_holder(path: Path) -> tuple[int | None, str | None]:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
        return info.get("pid"), info.get("started")
    except (OSError, ValueError):
        return None, None


def acquire(state_dir: Path | str) -> None:
    """Take the run lock of `state_dir` or raise LockHeld at once (never waits)."""
    path = lock_path(state_dir)
    key = str(path)
    with _guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            pid, started = read_holder(path)
            raise LockHeld(path.parent, pid, started) from None
        except BaseException:
            os.close(fd)
            raise
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "started": started}).encode(), 0)
        _held[key] = (fd, 1)


def release(state_dir: Path | str) -> None:
    key = str(lock_path(state_dir))
    with _guard:
        if key not in _held:
            return
        fd, depth = _held[key]
        if depth > 1:
            _held[key] = (fd, depth - 1)
            return
        del _held[key]
        try:
            os.ftruncate(fd, 0)  # no stale holder info once released
        except OSError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def run_lock(state_dir: Path | str) -> Iterator[None]:
    acquire(state_dir)
    try:
        yield
    finally:
        release(state_dir)
