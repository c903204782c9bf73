"""The inbox walk: every file accounted for, links never followed, nothing read outside the inbox."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import pytest

from pipeline.core.i18n import set_language
from pipeline.inbox import scan as inbox_mod
from pipeline.inbox.scan import scan_inbox


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("vi")


def by_path(entries):
    return {e.path: e for e in entries}


def test_nested_folders_root_files_and_hashes(tmp_path):
    (tmp_path / "Xã A" / "b" / "c").mkdir(parents=True)
    (tmp_path / "Xã A" / "b" / "c" / "deep.pdf").write_bytes(b"deep")
    (tmp_path / "Xã A" / "top.docx").write_bytes(b"top")
    (tmp_path / "root.pdf").write_bytes(b"root")
    entries = by_path(scan_inbox(tmp_path))
    assert sorted(entries) == sorted(["root.pdf", "Xã A/b/c/deep.pdf", "Xã A/top.docx"])
    deep = entries["Xã A/b/c/deep.pdf"]
    assert deep.folder == "Xã A" and deep.status == "ok" and deep.size == 4
    assert deep.sha256 == hashlib.sha256(b"deep").hexdigest()
    assert entries["root.pdf"].folder == ""  # the pseudo-folder of the inbox root


def test_symlink_outside_is_recorded_and_never_followed(tmp_path):
    inbox, outside = tmp_path / "inbox", tmp_path / "secret"
    (inbox / "Xã A").mkdir(parents=True)
    outside.mkdir()
    (outside / "passwd").write_bytes(b"secret")
    (inbox / "Xã A" / "link.pdf").symlink_to(outside / "passwd")
    (inbox / "Xã A" / "dirlink").symlink_to(outside, target_is_directory=True)
    (inbox / "Xã B").symlink_to(outside, target_is_directory=True)
    entries = by_path(scan_inbox(inbox))
    assert sorted(entries) == ["Xã A/dirlink", "Xã A/link.pdf", "Xã B"]  # nothing below the links
    for e in entries.values():
        assert e.status == "quarantined" and e.error_code == "symlink" and e.sha256 is None
        assert "link" in e.error
    assert entries["Xã B"].folder == "Xã B"  # a linked unit folder is reported under its name


def test_symlink_inside_is_not_followed_either(tmp_path):
    (tmp_path / "Xã A").mkdir()
    (tmp_path / "Xã A" / "real.pdf").write_bytes(b"x")
    (tmp_path / "Xã A" / "alias.pdf").symlink_to(tmp_path / "Xã A" / "real.pdf")
    entries = by_path(scan_inbox(tmp_path))
    assert entries["Xã A/real.pdf"].status == "ok"
    assert entries["Xã A/alias.pdf"].status == "quarantined"


def test_nfd_names_keep_their_spelling_and_map_in_nfc(tmp_path):
    nfd_folder = unicodedata.normalize("NFD", "Xã Vĩnh Thành")
    nfd_file = unicodedata.normalize("NFD", "Báo cáo.pdf")
    (tmp_path / nfd_folder).mkdir()
    (tmp_path / nfd_folder / nfd_file).write_bytes(b"x")
    [e] = scan_inbox(tmp_path)
    assert e.path == f"{nfd_folder}/{nfd_file}"  # the file system's own spelling
    assert e.folder == nfd_folder and e.folder_nfc == "Xã Vĩnh Thành"
    assert e.abspath.exists()


def test_name_not_valid_utf8_is_reported_sanely_and_still_read(tmp_path):
    raw = os.fsencode(tmp_path) + b"/Xa A"
    os.mkdir(raw)
    with open(raw + b"/b\xe1o c\xe1o.pdf", "wb") as fh:
        fh.write(b"content")
    [e] = scan_inbox(tmp_path)
    assert e.path == "Xa A/b\\xe1o c\\xe1o.pdf"
    e.path.encode("utf-8")  # JSON-safe
    assert e.undecodable_name and e.status == "ok"
    assert e.sha256 == hashlib.sha256(b"content").hexdigest()


def test_display_name_is_one_to_one_and_keeps_ordinary_names():
    from pipeline.inbox.scan import display_name

    nfd = unicodedata.normalize("NFD", "Kế hoạch.docx")
    for name in ("báo cáo.pdf", nfd, "..\\..\\Windows", "a\\b.pdf", "\\x.pdf", "\\xg1.pdf"):
        assert display_name(name) == name  # as the file system spells it
    raw = [b"\xff.pdf", b"\\xff.pdf", b"\\\\xff.pdf", b"\\\xff.pdf", b"\\x41", b"\\X41", b"A", b"\xe1\\",
           b"\\xe1\\", b"b\xe1o\\x41"]
    shown = [display_name(os.fsdecode(r)) for r in raw]
    assert len(set(shown)) == len(raw), shown
    assert shown[:3] == ["\\xff.pdf", "\\\\xff.pdf", "\\\\\\\\xff.pdf"]
    for s in shown:
        s.encode("utf-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_quarantined(tmp_path):
    (tmp_path / "Xã A").mkdir()
    f = tmp_path / "Xã A" / "locked.pdf"
    f.write_bytes(b"x")
    f.chmod(0)
    try:
        [e] = scan_inbox(tmp_path)
    finally:
        f.chmod(0o644)
    assert e.status == "quarantined" and e.error_code == "permission_denied"


def test_unreadable_file_is_quarantined_via_open_error(tmp_path, monkeypatch):
    (tmp_path / "Xã A").mkdir()
    (tmp_path / "Xã A" / "locked.pdf").write_bytes(b"x")
    (tmp_path / "Xã A" / "ok.pdf").write_bytes(b"y")
    real_open = os.open

    def deny(path, flags, *a, **kw):
        if str(path).endswith("locked.pdf"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *a, **kw)

    monkeypatch.setattr(inbox_mod.os, "open", deny)
    entries = by_path(scan_inbox(tmp_path))
    assert entries["Xã A/locked.pdf"].status == "quarantined"
    assert "permission" in entries["Xã A/locked.pdf"].error
    assert entries["Xã A/ok.pdf"].status == "ok"


def test_growing_file_is_deferred(tmp_path, monkeypatch):
    (tmp_path / "Xã A").mkdir()
    growing = tmp_path / "Xã A" / "scan.pdf"
    growing.write_bytes(b"part one")
    real_fstat = os.fstat
    calls = {"n": 0}

    def fstat_growing(fd):
        st = real_fstat(fd)
        calls["n"] += 1
        if calls["n"] >= 2:  # the stat after hashing: the scanner wrote more meanwhile
            with open(growing, "ab") as fh:
                fh.write(b" part two")
            return real_fstat(fd)
        return st

    monkeypatch.setattr(inbox_mod.os, "fstat", fstat_growing)
    [e] = scan_inbox(tmp_path)
    assert e.status == "deferred" and e.sha256 is None
    assert "next run" in e.error


def test_special_file_is_never_opened(tmp_path):
    (tmp_path / "Xã A").mkdir()
    os.mkfifo(tmp_path / "Xã A" / "pipe")
    [e] = scan_inbox(tmp_path)  # would block forever if opened
    assert e.status == "quarantined" and e.error_code == "not_regular_file"


def test_system_files_are_ignored_but_listed(tmp_path):
    (tmp_path / "Xã A").mkdir()
    for name in (".DS_Store", "Thumbs.db", "~$bao cao.docx", "._x.pdf"):
        (tmp_path / "Xã A" / name).write_bytes(b"x")
    (tmp_path / ".complete").write_bytes(b"")
    (tmp_path / "Xã A" / ".hidden evidence.pdf").write_bytes(b"x")  # hidden but not a system file
    entries = by_path(scan_inbox(tmp_path))
    assert {p for p, e in entries.items() if e.status == "ignored"} == {
        ".complete", "Xã A/.DS_Store", "Xã A/Thumbs.db", "Xã A/~$bao cao.docx", "Xã A/._x.pdf"}
    assert entries["Xã A/.hidden evidence.pdf"].status == "ok"


def test_inbox_itself_may_be_a_link_but_must_exist(tmp_path):
    real = tmp_path / "real"
    (real / "Xã A").mkdir(parents=True)
    (real / "Xã A" / "f.pdf").write_bytes(b"x")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert [e.path for e in scan_inbox(tmp_path / "link")] == ["Xã A/f.pdf"]
    with pytest.raises(FileNotFoundError):
        scan_inbox(tmp_path / "missing")


def test_inbox_is_never_modified(tmp_path):
    (tmp_path / "Xã A").mkdir()
    f = tmp_path / "Xã A" / "f.pdf"
    f.write_bytes(b"x")
    before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in tmp_path.rglob("*")}
    scan_inbox(tmp_path)
    assert {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in tmp_path.rglob("*")} == before
    assert sorted(Path(tmp_path).rglob("*")) == sorted(before)
