"""What a run writes to OUT and how: `draft.json` and `draft_scores.xlsx`, each written to a temporary
file, synced and renamed over the old one, so a reader sees the old pair or the new pair, never half
of one; new files get the mode open() would give them (OUT is read by reviewers and web servers)."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.model import Draft
from pipeline.run.store import open_store

DRAFT_NAME = "draft.json"
SHEET_NAME = "draft_scores.xlsx"


def _umask() -> int:
    try:  # Linux says it without changing it; os.umask can only be read by setting it
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    # Elsewhere: set and restore at once (a file another thread creates meanwhile gets 0o022).
    with _umask_guard:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_umask_guard = threading.Lock()


def default_file_mode() -> int:
    """The mode open() would give a new file (0o666 less the umask). mkstemp makes 0600 files and
    os.replace keeps that mode, but OUT is read by reviewers, web servers and shared folders."""
    return 0o666 & ~_umask()


def atomic_write_text(path: Path, text: str) -> None:
    """temp file in the same folder + fsync + os.replace: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, default_file_mode())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def draft_json(draft: Draft) -> str:
    return json.dumps(draft.to_json(), ensure_ascii=False, indent=2) + "\n"


def write_outputs(draft: Draft, config: Config, out: Path, store_url: str | None = None) -> tuple[Path, Path]:
    """OUT/draft.json and OUT/draft_scores.xlsx, both replaced together only once both are written.
    With the store: the workbook is prefilled with the period's latest confirmed scores and notes
    (decisions made in the workbook or the review workspace survive the next run)."""
    from pipeline.output.sheet import reviewed_scores, write_workbook

    reviewed = None
    if store_url is not None:
        reviewed = reviewed_scores(open_store(store_url).confirmed_scores(draft.period)) or None

    out.mkdir(parents=True, exist_ok=True)
    draft_path, sheet_path = out / DRAFT_NAME, out / SHEET_NAME
    fd, tmp_sheet = tempfile.mkstemp(prefix=".draft_scores.", suffix=".xlsx", dir=out)
    os.fchmod(fd, default_file_mode())  # in case the workbook writer reuses this file rather than replacing it
    os.close(fd)
    try:
        write_workbook(draft, config, Path(tmp_sheet), reviewed)
        with open(tmp_sheet, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_sheet, sheet_path)
    finally:
        Path(tmp_sheet).unlink(missing_ok=True)
    atomic_write_text(draft_path, draft_json(draft))
    return draft_path, sheet_path
