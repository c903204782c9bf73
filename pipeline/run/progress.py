"""Progress of a run: a live bar on a terminal, plain log lines anywhere else (cron, CI, logs).

The nightly run writes to a log file, where a redrawn bar is noise; a clerk watching `kiemchung
run` wants files and pages done, the rate and the time left. Both count the same things.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Protocol

from pipeline.core.i18n import _


class Progress(Protocol):
    def start(self, total_files: int) -> None: ...
    def advance(self, files: int = 1, pages: int = 0) -> None: ...
    def close(self) -> None: ...


class NullProgress:
    def start(self, total_files: int) -> None:
        pass

    def advance(self, files: int = 1, pages: int = 0) -> None:
        pass

    def close(self) -> None:
        pass


def _eta(done: int, total: int, elapsed: float) -> str:
    if done >= total:
        return "00:00:00"
    if done <= 0:
        return "?"
    left = elapsed / done * (total - done)
    return time.strftime("%H:%M:%S", time.gmtime(left))


class LogProgress:
    """One line every `every_files` files or `every_seconds` seconds, whichever comes first."""

    def __init__(self, stream: IO[str] | None = None, every_files: int = 50, every_seconds: float = 10.0,
                 clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.every_files, self.every_seconds, self.clock = every_files, every_seconds, clock
        self.total = self.files = self.pages = 0
        self._t0 = self._last_t = 0.0
        self._last_files = 0

    def start(self, total_files: int) -> None:
        self.total, self.files, self.pages = total_files, 0, 0
        self._t0 = self._last_t = self.clock()
        self._last_files = 0

    def line(self) -> str:
        elapsed = max(self.clock() - self._t0, 1e-9)
        return _("{done}/{total} files, {pages} pages, {rate:.1f} files/s, {left} left").format(
            done=self.files, total=self.total, pages=self.pages, rate=self.files / elapsed,
            left=_eta(self.files, self.total, elapsed))

    def advance(self, files: int = 1, pages: int = 0) -> None:
        self.files += files
        self.pages += pages
        now = self.clock()
        if (self.files - self._last_files >= self.every_files or now - self._last_t >= self.every_seconds
                or self.files == self.total):
            self._last_files, self._last_t = self.files, now
            print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        pass


class RichProgress:
    """A live bar (files), with pages, rate and time left, for a person at a terminal."""

    def __init__(self, stream: IO[str] | None = None):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as _RichProgress

        self._bar = _RichProgress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn(_("{task.fields[pages]} pages")), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(file=stream or sys.stderr), transient=False,
        )
        self._task = None
        self._pages = 0
        self._t0 = 0.0

    def start(self, total_files: int) -> None:
        self._t0 = time.monotonic()
        self._bar.start()
        self._task = self._bar.add_task(_("Files"), total=total_files, pages=0, rate="")

    def advance(self, files: int = 1, pages: int = 0) -> None:
        self._pages += pages
        done = self._bar.tasks[0].completed + files if self._bar.tasks else files
        rate = done / max(time.monotonic() - self._t0, 1e-9)
        self._bar.update(self._task, advance=files, pages=self._pages,
                         rate=_("{rate:.1f} files/s").format(rate=rate))

    def close(self) -> None:
        self._bar.stop()


def make_progress(stream: IO[str] | None = None, enabled: bool = True) -> Progress:
    """RichProgress on a terminal, LogProgress otherwise, NullProgress when disabled."""
    if not enabled:
        return NullProgress()
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return RichProgress(stream)
    return LogProgress(stream)
