"""The document viewer: page images rendered on demand from the inbox file and cached in the state
directory, and the boxes of the words that made a match and of the header fields (symbol, date).

Files are reached only through a draft's run inbox and the draft's inbox-relative path, checked to
stay inside the inbox and to still hold the content the run read (its sha256); the browser names a
document by an opaque id (see `Workspace.find_doc`), never by a path.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import threading
from pathlib import Path

from PIL import Image

from pipeline.core.config import OcrSettings
from pipeline.core.model import DocumentOut
from pipeline.core.normalize import fold

DPI = 150
THUMB_DPI = 36
IMAGE_KINDS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")
_render_lock = threading.Lock()  # pdfium is not thread-safe


class Unavailable(Exception):
    """The file cannot be shown (gone, changed since the run, or outside the inbox)."""


def inbox_file(inbox: Path | None, rel: str, sha256: str | None) -> Path:
    if inbox is None or not rel:
        raise Unavailable("no inbox")
    root = Path(inbox).resolve()
    path = (root / rel).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Unavailable("missing")
    return path


def _check_content(path: Path, sha256: str | None) -> None:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    if sha256 and h.hexdigest() != sha256:
        raise Unavailable("changed")


def kind_of(rel: str) -> str:
    low = rel.lower()
    if low.endswith(".pdf"):
        return "pdf"
    if low.endswith(".docx"):
        return "docx"
    if low.endswith(IMAGE_KINDS):
        return "image"
    return "other"


class PageCache:
    """PNG pages and word boxes under STATE/review_cache, keyed by the file's sha256 (content)."""

    def __init__(self, state: Path, ocr: OcrSettings | None = None):
        self.root = Path(state) / "review_cache"
        self.ocr = ocr or OcrSettings()  # the configured OCR (languages, slots, timeout) for word boxes

    def _dir(self, sha256: str) -> Path:
        d = self.root / sha256[:2] / sha256
        d.mkdir(parents=True, exist_ok=True)
        return d

    def page_png(self, inbox: Path | None, rel: str, sha256: str, page: int, dpi: int = DPI) -> bytes:
        """The PNG of a 1-based page, rendered once and then read from the cache."""
        target = self._dir(sha256) / f"p{page}-{dpi}.png"
        if target.is_file():
            return target.read_bytes()
        path = inbox_file(inbox, rel, sha256)
        _check_content(path, sha256)
        img = self._render(path, kind_of(rel), page, dpi)
        buf = io.BytesIO()
        img.save(buf, "PNG", compress_level=1)
        data = buf.getvalue()
        _write_whole(target, data)
        return data

    def _render(self, path: Path, kind: str, page: int, dpi: int) -> Image.Image:
        if kind == "pdf":
            import pypdfium2 as pdfium

            with _render_lock:
                pdf = pdfium.PdfDocument(str(path))
                try:
                    if not 1 <= page <= len(pdf):
                        raise Unavailable("page")
                    return pdf[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")
                finally:
                    pdf.close()
        if kind == "image":
            img = Image.open(path)
            try:
                img.seek(page - 1)
            except EOFError:
                raise Unavailable("page") from None
            img = img.convert("RGB")
            if dpi != DPI:  # a thumbnail: images are shown as they are, only smaller
                img.thumbnail((int(img.width * dpi / DPI), int(img.height * dpi / DPI)))
            return img
        raise Unavailable("kind")

    def words(self, inbox: Path | None, rel: str, sha256: str, page: int) -> tuple[list[dict], int, int]:
        """Words of a page with boxes in pixels of the DPI rendering: the PDF's character positions
        (pdfplumber) when it has a text layer, else Tesseract on the rendered page. Cached."""
        target = self._dir(sha256) / f"w{page}-{DPI}.json"
        if target.is_file():
            data = json.loads(target.read_text(encoding="utf-8"))
            return data["words"], data["width"], data["height"]
        png = self.page_png(inbox, rel, sha256, page)
        img = Image.open(io.BytesIO(png))
        width, height = img.size
        words: list[dict] = []
        if kind_of(rel) == "pdf":
            words = _pdf_words(inbox_file(inbox, rel, sha256), page)
        if not words:
            words = _ocr_words(img, self.ocr)
        _write_whole(target, json.dumps({"words": words, "width": width, "height": height},
                                         ensure_ascii=False).encode("utf-8"))
        return words, width, height


def _write_whole(target: Path, data: bytes) -> None:
    """Write a cache file aside, then rename it into place: a request reading it while another
    writes it (two reviewers opening the same page) sees no file or all of it, never part."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_bytes(data)
    tmp.replace(target)


def _pdf_words(path: Path, page: int) -> list[dict]:
    import pdfplumber

    scale = DPI / 72
    with pdfplumber.open(str(path)) as pdf:
        if not 1 <= page <= len(pdf.pages):
            return []
        p = pdf.pages[page - 1]
        return [{"text": w["text"], "x": w["x0"] * scale, "y": w["top"] * scale,
                 "w": (w["x1"] - w["x0"]) * scale, "h": (w["bottom"] - w["top"]) * scale}
                for w in p.extract_words(keep_blank_chars=False, use_text_flow=True)]


def _ocr_words(img: Image.Image, ocr: OcrSettings) -> list[dict]:
    """Word boxes of a scanned page, read by extraction's own Tesseract adapter (in a slot, with its
    timeout); a page Tesseract cannot read is shown without boxes."""
    from pipeline.extract.ocr.tesseract import OcrError, image_data

    try:
        data = image_data(img.convert("L"), ocr)
    except OcrError:
        return []
    return [{"text": t, "x": data["left"][i], "y": data["top"][i], "w": data["width"][i], "h": data["height"][i]}
            for i, t in enumerate(data["text"]) if t and t.strip()]


_TOKEN = re.compile(r"[^\w/.-]+")


def _norm(word: str) -> str:
    return fold(_TOKEN.sub("", word)).strip(".,;:()")


def _sequence_boxes(words: list[dict], tokens: list[str]) -> list[dict]:
    """Boxes of every run of consecutive page words equal (folded) to `tokens`."""
    tokens = [t for t in (_norm(t) for t in tokens) if t]
    if not tokens:
        return []
    normed = [_norm(w["text"]) for w in words]
    hits = []
    for i in range(len(words) - len(tokens) + 1):
        if normed[i:i + len(tokens)] == tokens:
            hits += words[i:i + len(tokens)]
    return hits


def _date_tokens(date: str) -> list[list[str]]:
    """The ways a header writes a date: "ngày 05 tháng 01 năm 2018", "05/01/2018"."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", date or "")
    if not m:
        return []
    y, mo, d = m.groups()
    out = []
    for dd in {d, str(int(d))}:
        for mm in {mo, str(int(mo))}:
            out += [["ngày", dd, "tháng", mm, "năm", y], [dd, "tháng", mm, "năm", y], [f"{dd}/{mm}/{y}"]]
    return out


def boxes_for(words: list[dict], doc: DocumentOut) -> list[dict]:
    """The boxes to draw: {x, y, w, h, kind: "match" | "symbol" | "date", label}."""
    out: list[dict] = []
    seen: set[tuple] = set()

    def add(hits: list[dict], kind: str, label: str) -> None:
        for w in hits:
            key = (round(w["x"]), round(w["y"]), kind)
            if key not in seen:
                seen.add(key)
                out.append({"x": w["x"], "y": w["y"], "w": w["w"], "h": w["h"], "kind": kind, "label": label})

    for code, m in doc.match.items():
        if m.phrase:
            add(_sequence_boxes(words, m.phrase.split()), "match", f"{code}: {m.phrase}")
    symbol = doc.symbol
    if symbol:
        hits = _sequence_boxes(words, [symbol])
        if not hits:  # "Số: 05/KH-UBND" may be one word with its label
            hits = [w for w in words if _norm(symbol) and _norm(symbol) in _norm(w["text"])]
        add(hits, "symbol", symbol)
    for tokens in _date_tokens(doc.date or ""):
        hits = _sequence_boxes(words, tokens)
        if hits:
            add(hits, "date", doc.date)
            break
    return out
