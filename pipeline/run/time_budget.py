"""Each file is read in a child process the run can stop: no file holds the run.

`extract_within(path, relpath, settings, sha256, size)` forks a child that runs
`pipeline.extract.files.extract_file` and sends the result back through a pipe. When the child
has not answered within `settings.limits.file_seconds` it is killed with every process it started
(Tesseract included: the child leads its own process group) and the file is quarantined with
`file_timeout`; a child that dies (a crash in a native reader, the kernel's OOM killer) quarantines
the file with `reader_crashed` and the cause. Neither is cached: the next run tries again. Either way the run goes on with the next file.

Why fork and not a pool of spawned workers: the child starts in milliseconds with everything
already imported, sees the code exactly as the caller does, and needs no pickling of the call;
the parent never runs a reader itself, so no reader's lock can be held at the moment of the fork.
os.fork directly, not multiprocessing: Dask's worker processes are daemonic and may not start
multiprocessing children. POSIX only, as the rest of the pipeline (Tesseract, the inbox walk).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import threading
import time
from pathlib import Path

from pipeline.core.config import Settings
from pipeline.core.model import ExtractedFile
from pipeline.inbox import quarantine

# Held while the cyclic collector is off around a fork (below), so that two threads forking at
# once cannot leave it off for good: each would otherwise see the other's "disabled" as the state
# to restore.
_FORK_LOCK = threading.Lock()

# Outcomes of this machine and moment, not of the file's bytes: never cached, tried again next run.
UNCACHED_CODES = frozenset({"file_timeout", "reader_crashed", "ocr_failed", "ocr_unavailable"})


def extract_within(path: Path | str, relpath: str, settings: Settings, sha256: str = "", size: int = 0
                   ) -> ExtractedFile:
    """`extract_file` in a child process, stopped after `settings.limits.file_seconds`."""
    from pipeline.extract import files
    from pipeline.extract.ocr import share_slots

    share_slots()  # the children share this process's bound on Tesseract processes
    seconds = settings.limits.file_seconds
    started = time.monotonic()
    read_fd, write_fd = os.pipe()
    pid = _fork()
    if pid == 0:  # the child: read the file, send the result, leave without running the parent's cleanup
        status = 0
        try:
            os.close(read_fd)
            os.setpgid(0, 0)  # its own group, so a kill reaches the Tesseract it started
            try:
                payload = pickle.dumps(("ok", files.extract_file(Path(path), relpath, settings)))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
                payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"[:200]))
            with os.fdopen(write_fd, "wb") as out:
                out.write(_HEADER.pack(len(payload)) + payload)
        except BaseException:  # noqa: BLE001 - nothing can be reported: the parent sees no answer
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    try:
        os.setpgid(pid, pid)  # also here, so a kill right after the fork reaches the group
    except OSError:
        pass  # the child did it first, or has already finished
    # The answer is length-prefixed and the child's exit is polled: with several files read at
    # once, a sibling forked by another thread between this os.pipe() and the close of the write
    # end above holds that end too, so end-of-file alone cannot tell that this child is done.
    data = bytearray()
    status: int | None = None
    timed_out = False
    try:
        while not _complete(data):
            left = seconds - (time.monotonic() - started)
            if left <= 0:
                timed_out = True
                break
            if select.select([read_fd], [], [], min(left, 0.2))[0]:
                chunk = os.read(read_fd, 1 << 20)
                data += chunk
                if chunk:
                    continue
                time.sleep(0.01)  # end of file: the child is closing; poll its exit, do not spin
            if status is None:
                done, st = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = st
                    while select.select([read_fd], [], [], 0)[0] and (chunk := os.read(read_fd, 1 << 20)):
                        data += chunk
                    break
    finally:
        os.close(read_fd)
        if status is None:
            if timed_out:
                _kill_group(pid)
            _, status = os.waitpid(pid, 0)
    elapsed = round(time.monotonic() - started, 3)
    if timed_out:
        return _quarantined(relpath, sha256, size, "file_timeout", {"seconds": str(seconds)}, elapsed)
    if not _complete(data):
        cause = (f"stopped by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                 else f"exit status {os.waitstatus_to_exitcode(status)}")
        return _quarantined(relpath, sha256, size, "reader_crashed", {"detail": cause}, elapsed)
    kind, value = pickle.loads(bytes(data[_HEADER.size:]))
    if kind == "error":  # extract_file never raises on bad input: this is a bug, as in-process
        raise RuntimeError(value)
    return value


_HEADER = struct.Struct(">Q")  # the answer's length, before it


def _fork() -> int:
    """os.fork, with the parent's objects out of the child's garbage collection.

    Only the forking thread lives on in a child. Prefect's event service runs an asyncio loop in
    a thread of its own; in the child that loop's pending task is left unreachable, and the first
    collection there destroyed it, which logged "Task was destroyed but it is pending!",
    "Service 'EventsWorker' failed" and a traceback from every child that collected: noise on the
    clerk's screen about a service the child never used (the parent's is untouched). Freezing
    what the child inherits keeps those objects alive and unvisited until the child exits (it
    leaves with os._exit); what the child itself allocates is collected as usual. The collector
    is off from just before the fork until the child has frozen, so no collection runs between.
    """
    with _FORK_LOCK:
        enabled = gc.isenabled()
        gc.disable()
        try:
            pid = os.fork()
        except BaseException:
            if enabled:
                gc.enable()
            raise
        if pid == 0:
            gc.freeze()
        if enabled:
            gc.enable()
        return pid


def _complete(data: bytes | bytearray) -> bool:
    return len(data) >= _HEADER.size and len(data) >= _HEADER.size + _HEADER.unpack_from(data)[0]


def _kill_group(pid: int) -> None:
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
            return
        except (ProcessLookupError, PermissionError):
            continue


def _quarantined(relpath: str, sha256: str, size: int, code: str, params: dict[str, str],
                 seconds: float) -> ExtractedFile:
    return ExtractedFile(path=relpath, sha256=sha256, size=size, kind="unknown", status="quarantined",
                         error=quarantine.message(code, params), error_code=code, error_params=params,
                         seconds=seconds)
