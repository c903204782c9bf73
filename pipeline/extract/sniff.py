"""What a file really is, from its bytes: extensions lie (a phone photo saved as `.pdf`, an old
`.doc` renamed `.docx`).

`sniff(path)` returns a short kind: the readable ones are `pdf`, `docx`, `jpeg`, `png`, `tiff`, `jp2`;
recognizable others are reported by name (`ole2`, `zip`, `xlsx`, `pptx`, `odf`, `rtf`, `gif`,
`bmp`, `webp`, `heic`, `html`, `xml`, `mhtml`, `text`, `rar`, `7z`, `gzip`); `empty` for a
zero-byte file and `unknown` for anything else.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

READABLE = frozenset({"pdf", "docx", "jpeg", "png", "tiff", "jp2"})
IMAGE_KINDS = frozenset({"jpeg", "png", "tiff", "jp2"})

_HEAD = 4096


def sniff_bytes(head: bytes) -> str:
    """The kind from the first bytes only (ZIP containers are told apart by `sniff`)."""
    if not head:
        return "empty"
    if head.startswith(b"%PDF-"):
        return "pdf"
    kind = _magic(head)
    if kind:
        return kind
    if b"%PDF-" in head[:1024]:
        # junk before the header (a mail gateway's banner, a scanner's preamble): readers accept it.
        # Only after the magic numbers: a ZIP that stores a PDF uncompressed is a ZIP, not that PDF.
        return "pdf"
    return _sniff_text(head)


def _magic(head: bytes) -> str | None:
    """The kind a signature at offset 0 names, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return "jp2"  # JPEG 2000 (JP2 box or bare codestream): some scanners' archive format
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"BM") and len(head) > 14:
        return "bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"avif"):
        return "heic"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    return None


def _sniff_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
                text = head.decode("cp1252", errors="replace")
                if sum(1 for c in text if c == "\ufffd" or (ord(c) < 32 and c not in "\r\n\t\f")) > 0.02 * len(text):
                    return "unknown"
            else:
                text = head[: exc.start].decode("utf-8")
    if "\x00" in text:
        return "unknown"
    control = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    if control > 0.02 * max(1, len(text)):
        return "unknown"
    low = text.lstrip("\ufeff \r\n\t").lower()
    if low.startswith("mime-version:") or "content-type: multipart/related" in low[:2000]:
        return "mhtml"
    if low.startswith(("<!doctype html", "<html")) or "<html" in low[:1000]:
        return "html"
    if low.startswith("<?xml"):
        return "xml"
    return "text"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"  # a ZIP signature but no readable directory: a damaged container
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" in names and any(n == "content.xml" for n in names):
        return "odf"
    return "zip"


def sniff(path: Path | str) -> str:
    """The file's kind by content. Raises OSError when it cannot be read (the caller decides)."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(_HEAD)
    kind = sniff_bytes(head)
    if kind == "zip":
        return _zip_kind(path)
    return kind
