"""The Tesseract slot pool: at most `settings.ocr.workers` Tesseract processes alive at once, across
this process and every extraction child forked from it (lock files held by `flock`)."""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import tempfile
import threading
import time

_slots_lock = threading.Lock()
_slots: dict[int, _ProcessSlots] = {}


# The folder of the slot lock files, made by the first process that reads (or that forks readers:
# pipeline.run.time_budget calls `share_slots` before forking) and inherited by its children.
SLOTS_ENV = "KIEMCHUNG_OCR_SLOTS"


class _ProcessSlots:
    """At most `n` Tesseract processes at once, across this process and every extraction child
    forked from it (pipeline.run.time_budget reads each file in its own child): `n` lock files,
    one held by `flock` while a Tesseract runs. The kernel drops the lock of a child killed at its
    time budget, so a stopped file never keeps a slot. Threads of one process queue on a
    semaphore first, so only one thread per process polls the files."""

    def __init__(self, n: int, folder: str):
        self.n = n
        self.folder = folder
        self.local = threading.BoundedSemaphore(n)
        self.held = threading.local()

    def __enter__(self) -> _ProcessSlots:
        self.local.acquire()
        try:
            while True:
                for i in range(self.n):
                    fd = os.open(os.path.join(self.folder, f"slot{i}"), os.O_RDWR | os.O_CREAT, 0o600)
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        os.close(fd)
                        continue
                    self.held.fd = fd
                    return self
                time.sleep(0.02)
        except BaseException:
            self.local.release()
            raise

    def __exit__(self, *exc: object) -> None:
        fd = self.held.fd
        self.held.fd = None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
            self.local.release()


def share_slots() -> str:
    """The slot folder of this process tree, made now if needed (call before forking readers)."""
    folder = os.environ.get(SLOTS_ENV)
    if not folder or not os.path.isdir(folder):
        folder = tempfile.mkdtemp(prefix="kiemchung-ocr-slots-")
        os.environ[SLOTS_ENV] = folder
        atexit.register(shutil.rmtree, folder, True)
    return folder


def tesseract_slot(workers: int) -> _ProcessSlots:
    """The bound on concurrent Tesseract processes. One run uses one `workers` value, so every
    file's pool, in this process and in the children reading files, shares the same slots."""
    workers = max(1, workers)
    with _slots_lock:
        if workers not in _slots:
            folder = os.path.join(share_slots(), f"n{workers}")
            os.makedirs(folder, exist_ok=True)
            _slots[workers] = _ProcessSlots(workers, folder)
        return _slots[workers]


def least_workers() -> int:
    """The smallest `workers` bound in use in this process (2 before any): OSD, asked outside a
    page read, takes a slot of that pool."""
    return min(_slots, default=2)
