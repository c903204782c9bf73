"""The safe walk of the evidence inbox: every file, accounted for, read at most once, never trusted.

The inbox is written by clerks (and sync tools, and scanners) while we run, so the walk assumes the
worst: symbolic links are recorded and never followed (a link could point at /etc or at another
commune's folder), every path is checked to stay inside the inbox, special files (FIFOs, sockets,
devices) are never opened (a FIFO would block the nightly run forever), unreadable files are
quarantined with a sentence a clerk can act on, and a file that changes while we hash it is
deferred to the next run rather than analyzed half-written.

Paths are reported relative to INBOX with '/' separators in the file system's own spelling (NFD
names stay NFD, the contract says so); the unit folder is also given NFC for mapping. A name that
is not valid UTF-8 cannot be written to UTF-8 JSON as it is: it is reported with its bad bytes
escaped (`\\xe1`, backslashes doubled so that no two names meet), while the real on-disk name is
kept for reading.

System and marker files that are never evidence (`.complete`, `.DS_Store`, `Thumbs.db`,
`desktop.ini`, AppleDouble `._x`, Office/LibreOffice lock files `~$x`, `.~lock.x#`) are
`ignored`: they are not given to any unit, but they are counted and listed in the run's
accounting, so found = processed + quarantined + deferred + ignored still holds.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.core.vocabulary import vocabulary
from pipeline.inbox.quarantine import message

EntryStatus = Literal["ok", "quarantined", "deferred", "ignored"]

# Names (fnmatch patterns, matched on the file name only) that are never evidence (config/vocabulary.yaml).
IGNORED_NAMES: tuple[str, ...] = tuple(vocabulary().ignored_file_names)

_CHUNK = 1 << 20


@dataclass
class InboxEntry:
    """One file (or link, or special file) found below INBOX."""

    path: str  # relative to INBOX, '/' separators, fs spelling (bad bytes escaped)
    abspath: Path  # the real path on disk (may hold surrogate escapes); only read when status == "ok"
    folder: str  # top-level unit folder as on disk (display form); "" for files directly in INBOX
    folder_nfc: str  # the folder name in NFC, for unit mapping
    status: EntryStatus = "ok"
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    error_code: str | None = None
    error_params: dict[str, str] = field(default_factory=dict)
    undecodable_name: bool = False  # the on-disk name is not valid UTF-8
    # "upload": a commune clerk's upload kept in the state directory (pipeline.run.uploads), given to
    # `unit` (a configured unit's name) rather than mapped from a folder
    source: str = "inbox"
    unit: str | None = None

    @property
    def error(self) -> str | None:
        """The clerk-facing sentence, in the current language."""
        return message(self.error_code, self.error_params) if self.error_code else None


_LOOKS_ESCAPED = re.compile(r"\\x[0-9A-Fa-f]{2}")


def is_undecodable(name: str) -> bool:
    """The on-disk name is not valid UTF-8 (os.fsdecode kept its bad bytes as surrogates)."""
    try:
        name.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def display_name(name: str) -> str:
    """A name as a UTF-8-safe string, one string per name (two files never share an inbox path).

    A valid name is shown exactly as the file system spells it (NFD stays NFD, `..\\Windows` stays), unless
    it already contains a `\\xNN` sequence. A name with bad bytes, or such a name, is escaped
    reversibly: every backslash doubled, bad bytes as `\\xNN`. So b'\\xff.pdf' is shown `\\xff.pdf`
    and a file really named `\\xff.pdf` is shown `\\\\xff.pdf`: every escaped form contains a `\\xNN`
    sequence, which no name shown unchanged does.
    """
    if not is_undecodable(name) and not _LOOKS_ESCAPED.search(name):
        return name
    return os.fsencode(name).replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def is_ignored(name: str, patterns: tuple[str, ...] = IGNORED_NAMES) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _inside(root: Path, path: Path) -> bool:
    try:
        return os.path.commonpath([os.fspath(root), os.fspath(path)]) == os.fspath(root)
    except ValueError:
        return False


def _hash(abspath: Path, before: os.stat_result) -> tuple[str | None, os.stat_result | None, str | None, dict]:
    """sha256 of a regular file, streamed; (digest, stat after, error_code, params)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(abspath, flags)
    except PermissionError:
        return None, None, "permission_denied", {}
    except OSError as exc:
        if getattr(exc, "errno", None) == 40:  # ELOOP: became a link between stat and open
            return None, None, "symlink", {}
        return None, None, "read_error", {"reason": exc.strerror or type(exc).__name__}
    try:
        opened = os.fstat(fd)
        # What we opened must be what we stat'ed: a swap between the two is a change.
        if (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino) or not stat.S_ISREG(opened.st_mode):
            return None, opened, "changed_while_read", {}
        digest = hashlib.sha256()
        with os.fdopen(fd, "rb", closefd=False) as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
        after = os.fstat(fd)
    except PermissionError:
        return None, None, "permission_denied", {}
    except OSError as exc:
        return None, None, "read_error", {"reason": exc.strerror or type(exc).__name__}
    finally:
        os.close(fd)
    return digest.hexdigest(), after, None, {}


def _changed(before: os.stat_result, after: os.stat_result) -> bool:
    return (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)


def examine(root: Path, abspath: Path, rel_parts: list[str], ignore: tuple[str, ...] = IGNORED_NAMES) -> InboxEntry:
    """Classify and hash one directory entry (not a directory) found by the walk."""
    shown = [display_name(p) for p in rel_parts]
    folder = shown[0] if len(shown) > 1 else ""
    entry = InboxEntry(
        path="/".join(shown),
        abspath=abspath,
        folder=folder,
        folder_nfc=unicodedata.normalize("NFC", folder),
        undecodable_name=any(is_undecodable(p) for p in rel_parts),
    )
    try:
        before = os.lstat(abspath)
    except OSError as exc:
        entry.status, entry.error_code = "quarantined", "read_error"
        entry.error_params = {"reason": exc.strerror or type(exc).__name__}
        return entry
    entry.size, entry.mtime_ns = before.st_size, before.st_mtime_ns
    if stat.S_ISLNK(before.st_mode):
        entry.status, entry.error_code = "quarantined", "symlink"
        if len(rel_parts) == 1 and os.path.isdir(abspath):  # a linked unit folder: report it as that unit's
            entry.folder = shown[0]
            entry.folder_nfc = unicodedata.normalize("NFC", shown[0])
        return entry
    if is_ignored(rel_parts[-1], ignore):
        entry.status = "ignored"
        return entry
    if not stat.S_ISREG(before.st_mode):
        entry.status, entry.error_code = "quarantined", "not_regular_file"
        return entry
    if not _inside(root, Path(os.path.realpath(abspath))):
        entry.status, entry.error_code = "quarantined", "outside_inbox"
        return entry
    digest, after, code, params = _hash(abspath, before)
    if code == "changed_while_read":
        entry.status, entry.error_code = "deferred", code
        return entry
    if code:
        entry.status, entry.error_code, entry.error_params = "quarantined", code, params
        return entry
    # A second look by path too: a file replaced (renamed over) while we read it is a change.
    try:
        again = os.lstat(abspath)
    except OSError:
        again = None
    if again is None or _changed(before, after) or _changed(before, again) or again.st_ino != before.st_ino:
        entry.status, entry.error_code = "deferred", "changed_while_read"
        return entry
    entry.sha256 = digest
    return entry


def scan_inbox(inbox: Path | str, ignore: tuple[str, ...] = IGNORED_NAMES) -> list[InboxEntry]:
    """Every file at any depth below INBOX, sorted by path; never follows a link, never raises on
    a bad file (only when INBOX itself is not a readable directory: FileNotFoundError /
    NotADirectoryError / PermissionError)."""
    root = Path(os.path.realpath(inbox))
    if not root.exists():
        raise FileNotFoundError(str(inbox))
    if not root.is_dir():
        raise NotADirectoryError(str(inbox))
    os.listdir(root)  # PermissionError for an unreadable inbox, before any work
    entries: list[InboxEntry] = []
    stack: list[tuple[Path, list[str]]] = [(root, [])]
    while stack:
        directory, parts = stack.pop()
        try:
            with os.scandir(directory) as it:
                children = sorted(it, key=lambda e: e.name)
        except PermissionError:
            if parts:  # an unreadable sub-folder: account for it as one quarantined entry
                entries.append(_unreadable_dir(directory, parts))
            continue
        except OSError as exc:
            if parts:
                e = _unreadable_dir(directory, parts)
                e.error_code, e.error_params = "read_error", {"reason": exc.strerror or type(exc).__name__}
                entries.append(e)
            continue
        for child in children:
            child_parts = [*parts, child.name]
            path = Path(child.path)
            try:
                is_dir = child.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                stack.append((path, child_parts))
            else:
                entries.append(examine(root, path, child_parts, ignore))
    entries.sort(key=lambda e: e.path)
    return entries


def _unreadable_dir(directory: Path, parts: list[str]) -> InboxEntry:
    shown = [display_name(p) for p in parts]
    folder = shown[0]
    return InboxEntry(
        path="/".join(shown) + "/",
        abspath=directory,
        folder=folder,
        folder_nfc=unicodedata.normalize("NFC", folder),
        status="quarantined",
        error_code="permission_denied",
    )
