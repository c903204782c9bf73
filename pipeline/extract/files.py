"""The extraction stage: one inbox file → `ExtractedFile` with `Document`s and `Page`s.

`extract_file` never raises on bad input: a file it cannot read comes back `quarantined` with a
stable `error_code`, string `error_params` and the clerk-facing `error` sentence
(`pipeline.inbox.quarantine.message`). It reads the file and writes nothing.

Dispatch is by sniffed content, not extension. PDFs give text-layer pages where they have one
and OCR the rest; images (every TIFF frame) are OCR'd; a DOCX is one page. Multi-page results are
split into documents at motto-header pages (`pipeline.extract.bundles`).
"""

from __future__ import annotations

import hashlib
import re
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from pipeline.core.config import Settings
from pipeline.core.model import Document, ExtractedFile, Note, Page, Provenance, TextSource
from pipeline.core.normalize import accented_share
from pipeline.extract import red_seal
from pipeline.extract.bundles import split_bundle
from pipeline.extract.legibility import VIETNAMESE_ACCENTED_SHARE, Legibility, legibility
from pipeline.extract.ocr import OcrFailed, OcrTimeout, OcrUnavailable, draft_size, fit_pixels, ocr_pages
from pipeline.extract.signatures import ocr_marks
from pipeline.extract.sniff import IMAGE_KINDS, READABLE, sniff
from pipeline.inbox import quarantine

# The one exception of an unreadable file (pipeline.inbox.quarantine): every reader raises it.
Quarantine = quarantine.Refused


def _sha256(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def warm_readers() -> None:
    """Build, once in the process that forks the readers (`run.time_budget`), what every reader
    child would otherwise build for itself: the handwritten-digit classifier of the header blanks
    (1.4 s of training, paid by every forked child that met a blank on a scan). Call it before any
    reader is forked and from one thread, as the run does before its extraction starts."""
    from pipeline.extract.ocr.blanks import classifier

    classifier()


def extract_file(path: Path, relpath: str, settings: Settings) -> ExtractedFile:
    """Read one inbox file. Never raises on bad input (see module doc)."""
    started = time.monotonic()
    path = Path(path)
    sha, size, kind = "", 0, "unknown"
    try:
        admitted = admit(path, relpath, settings)
        sha, size, kind = admitted.sha256, admitted.size, admitted.kind
        if admitted.refused is not None:
            raise admitted.refused
        documents, ocr_count = _READERS[kind](path, relpath, sha, settings)
        return ExtractedFile(path=relpath, sha256=sha, size=size, kind=kind, status="processed",
                             documents=documents, ocr_pages=ocr_count,
                             seconds=round(time.monotonic() - started, 3))
    except Quarantine as q:
        return _quarantined(relpath, sha, size, kind, q.code, q.params, started)
    except OcrTimeout:
        return _quarantined(relpath, sha, size, kind, "ocr_timeout",
                            {"seconds": str(settings.ocr.timeout_seconds)}, started)
    except OcrFailed as exc:
        return _quarantined(relpath, sha, size, kind, "ocr_failed", {"detail": str(exc)}, started)
    except OcrUnavailable:
        return _quarantined(relpath, sha, size, kind, "ocr_unavailable", {}, started)
    except PermissionError:
        return _quarantined(relpath, sha, size, kind, "unreadable_permissions", {}, started)
    except MemoryError:
        return _quarantined(relpath, sha, size, kind, "too_large", {
            "size_mb": f"{size / 1_048_576:.0f}", "limit_mb": f"{settings.limits.max_file_bytes / 1_048_576:.0f}"},
            started)
    except Exception as exc:  # noqa: BLE001 - a reader bug on one odd file must not stop the run
        return _quarantined(relpath, sha, size, kind, "extraction_failed",
                            {"detail": type(exc).__name__}, started)


@dataclass
class Admission:
    """What the checks before any reader found: the content's hash, size and kind, and the refusal
    when the file goes no further."""

    sha256: str = ""
    size: int = 0
    kind: str = "unknown"
    refused: Quarantine | None = None


def admit(path: Path, relpath: str, settings: Settings) -> Admission:
    """The checks a file passes before a reader opens it: the size limit (before reading a byte), the
    kind by content, an empty file, a `.docx` that is no document, a kind no reader knows. Shared by
    extraction and by the workspace's uploads, whose clerk gets the refusal at once."""
    a = Admission()
    try:
        a.size = path.stat().st_size
        if a.size > settings.limits.max_file_bytes:
            a.refused = Quarantine("too_large", {"size_mb": f"{a.size / 1_048_576:.0f}",
                                                 "limit_mb": f"{settings.limits.max_file_bytes / 1_048_576:.0f}"})
            return a
        a.sha256, a.size = _sha256(path)
        a.kind = sniff(path)
    except PermissionError:
        a.refused = Quarantine("unreadable_permissions")
        return a
    if a.kind == "empty":
        a.refused = Quarantine("empty_file")
    elif _named_docx_but_no_document(a.kind, relpath):
        a.refused = Quarantine("invalid_docx")
    elif a.kind not in READABLE:
        a.refused = Quarantine("unsupported_type", {"found": a.kind})
    return a


def _named_docx_but_no_document(kind: str, relpath: str) -> bool:
    """A file named .docx whose content is no recognizable document is an invalid DOCX (what the
    clerk thinks they sent), not "plain text"; a renamed PDF/image/OLE2 keeps its real kind."""
    return relpath.lower().endswith((".docx", ".docm", ".dotx")) and kind in ("zip", "unknown", "text", "xml")


def _quarantined(relpath: str, sha: str, size: int, kind: str, code: str, params: dict[str, str],
                 started: float) -> ExtractedFile:
    return ExtractedFile(path=relpath, sha256=sha, size=size, kind=kind, status="quarantined",
                         error=quarantine.message(code, params), error_code=code, error_params=params,
                         seconds=round(time.monotonic() - started, 3))


# ---- documents ------------------------------------------------------------------------------


def _documents(pages: list[Page], relpath: str, sha: str, legacy: str | None = None,
               notes: list[Note] | None = None, split: bool = True) -> list[Document]:
    ranges = split_bundle(pages) if split else [(pages[0].number, pages[-1].number)]
    by_number = {p.number: p for p in pages}
    docs = []
    for first, last in ranges:
        doc_pages = [by_number[n] for n in range(first, last + 1)]
        sources = Counter(p.source for p in doc_pages)
        top = max(sources.values())
        source = TextSource.OCR if sources.get(TextSource.OCR) == top else sources.most_common(1)[0][0]
        confs = [p.ocr_confidence for p in doc_pages if p.source == TextSource.OCR and p.ocr_confidence is not None]
        doc_notes = list(notes or [])
        unread = [str(p.number) for p in doc_pages if p.source == TextSource.OCR and not p.text.strip()]
        if unread:
            doc_notes.append(Note(code="pages_unread", params={"pages": ", ".join(unread)}))
        docs.append(Document(
            key=f"{sha[:16]}:{first}",
            provenance=Provenance(file=relpath, first_page=first, last_page=last, source=source,
                                  ocr_confidence=round(sum(confs) / len(confs), 4) if confs else None,
                                  legacy_encoding=legacy, notes=doc_notes),
            pages=doc_pages,
        ))
    return docs


def _legacy_note(encoding: str | None) -> list[Note]:
    return [Note(code="legacy_font", params={"encoding": encoding})] if encoding else []


# A file with text is read, however little or foreign: it then supports no criterion, and the
# note says why in numbers, so a reviewer who looks at the file sees the truth ("12 characters of
# text, not Vietnamese"). This is a note on the documents, not a flag: the contract's flags are for
# what a reviewer must act on, and a short or foreign file among a commune's documents is usually
# an attachment or a cover sheet; a scan OCR read badly already raises `low_ocr_confidence`.
LITTLE_TEXT_CHARS = 200  # fewer non-space characters than a one-paragraph notice: noted


def decide_readable(pages: list[Page], blank: list[bool] | None = None) -> list[Note]:
    """The one read-or-quarantine decision on a file's pages: raise `Quarantine` when nothing at
    all could be read (with the true cause: pages that hold no marks at all, or a scan OCR could
    not read); otherwise the notes to attach (little text, or text that is not Vietnamese)."""
    text = "\n".join(p.text for p in pages)
    chars = sum(1 for c in text if not c.isspace())
    if chars == 0:
        if blank and all(blank):
            raise Quarantine("blank_document", {"pages": len(pages)})
        raise Quarantine("unreadable_scan")
    notes = []
    if accented_share(text) < VIETNAMESE_ACCENTED_SHARE:
        notes.append(Note(code="not_vietnamese", params={"chars": str(chars)}))
    elif chars < LITTLE_TEXT_CHARS:
        notes.append(Note(code="little_text", params={"chars": str(chars)}))
    return notes


# ---- readers --------------------------------------------------------------------------------


def _read_pdf(path: Path, relpath: str, sha: str, settings: Settings) -> tuple[list[Document], int]:
    import pypdfium2 as pdfium

    from pipeline.extract import pdf_text

    count = pdf_text.open_check(path, settings)
    layer = pdf_text.read_text_layer(path, settings, count)
    missing = [i for i, p in enumerate(layer.pages) if p is None]
    pages = list(layer.pages)
    blank = [False] * count
    damaged_read: list[tuple[int, Legibility]] = []
    damaged_kept: list[tuple[int, Legibility]] = []
    if missing:
        try:
            renderer = pdf_text.PdfRenderer(path, settings.ocr.dpi, settings.ocr.max_image_pixels)
        except Exception as exc:  # noqa: BLE001 - opened once already; now unreadable: damaged
            raise Quarantine("corrupt_pdf") from exc
        try:
            for i in missing:
                blank[i] = renderer.is_blank(i)
            todo = [i for i in missing if not blank[i]]
            ocred = ocr_pages([renderer.loader(i) for i in todo], settings)
        except pdfium.PdfiumError as exc:  # "Failed to load page": a page object PDFium cannot read
            raise Quarantine("corrupt_pdf") from exc
        finally:
            renderer.close()
        by_index = dict(zip(todo, ocred, strict=True))
        for i in missing:
            page = by_index.get(i) or Page(number=i + 1, text="", source=TextSource.OCR)
            short = layer.short[i] if i < len(layer.short) else None
            damage = layer.damaged[i] if i < len(layer.damaged) else None
            if damage is not None and short is not None:  # a damaged layer's page is always kept in `short`
                reads, damaged_layer = damage
                if not legibility(page.text).better_than(reads):
                    page = short  # OCR read no better than the damaged layer (a faint scan): the layer's own
                    damaged_kept.append((i, reads))
                else:
                    damaged_read.append((i, reads))
                    page.damaged_layer = damaged_layer
            elif short is not None and len(short.text.strip()) > len(page.text.strip()):
                page = short  # a line of real text OCR did not read better: the text layer's own
            page.number = i + 1
            # the PDF's own signature widgets (exact), else the boxes printed on the scan (read by OCR)
            page.marks = (layer.marks[i] if i < len(layer.marks) else []) or ocr_marks(page.text)
            pages[i] = page
    final = [p for p in pages if p is not None]
    notes = (_legacy_note(layer.legacy_encoding) + _damage_note("text_layer_damaged", damaged_read)
             + _damage_note("text_layer_damaged_kept", damaged_kept) + decide_readable(final, blank))
    return _documents(final, relpath, sha, layer.legacy_encoding, notes), len(missing)


def _damage_note(code: str, pages: list[tuple[int, Legibility]]) -> list[Note]:
    """Which pages' text layers were damaged and how badly: the worst share of words spelling a syllable and
    of glyphs without a Unicode value among them, in whole percent."""
    if not pages:
        return []
    return [Note(code=code, params={
        "pages": ", ".join(str(i + 1) for i, _ in pages),
        "syllables": str(round(100 * min(d.syllable_share for _, d in pages))),
        "unmapped": str(round(100 * max(d.unmapped_share for _, d in pages))),
    })]


def _check_pixels(img: Image.Image, settings: Settings) -> None:
    pixels = img.width * img.height
    if pixels > settings.ocr.max_image_pixels:
        raise Quarantine("image_bomb", {"pixels": f"{pixels / 1e6:.0f}",
                                        "limit": f"{settings.ocr.max_image_pixels / 1e6:.0f}"})


def _flatten(img: Image.Image) -> Image.Image:
    """Upright by EXIF (phone photos), alpha on white, grayscale with red seals lifted (`red_seal`;
    16-bit scans scaled to 8 bits:
    PIL's own I;16 -> L conversion clips every value above 255 to white, a blank page)."""
    img = ImageOps.exif_transpose(img)
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        import numpy as np

        wide = np.asarray(img)
        return Image.fromarray((wide >> 8 if wide.max() > 255 else wide).astype(np.uint8), "L")
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    return red_seal.gray(img)


def _read_image(path: Path, relpath: str, sha: str, settings: Settings) -> tuple[list[Document], int]:
    # PIL only warns between MAX_IMAGE_PIXELS and twice that; the header is checked against the
    # limit before any pixel is decoded, and the warning is an error as a second guard.
    Image.MAX_IMAGE_PIXELS = settings.ocr.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                frames = getattr(img, "n_frames", 1)
                if frames > settings.ocr.max_pages_per_file:
                    raise Quarantine("too_many_pages", {"pages": str(frames),
                                                        "limit": str(settings.ocr.max_pages_per_file)})
                for frame in ImageSequence.Iterator(img):
                    _check_pixels(frame, settings)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))  # PIL: "Image size (N pixels) exceeds limit"
        pixels = f"{int(found.group(1)) / 1e6:.0f}" if found else "?"
        raise Quarantine("image_bomb", {"pixels": pixels,
                                        "limit": f"{settings.ocr.max_image_pixels / 1e6:.0f}"}) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        if isinstance(exc, PermissionError):
            raise
        raise Quarantine("corrupt_image") from exc

    def loader(index: int) -> Callable[[], Image.Image]:
        def load() -> Image.Image:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(path) as img:
                    img.seek(index)
                    wanted = draft_size(img.width, img.height)
                    if wanted and img.format == "JPEG":
                        # decoded at 1/2, 1/4 or 1/8 scale, the least that fits the budget (the
                        # decoder keeps at least the size asked for), and as gray when it can
                        img.draft("L" if img.mode in ("RGB", "L") else img.mode,
                                  (wanted[0] // 2, wanted[1] // 2))
                    return fit_pixels(_flatten(img))
        return load

    try:
        pages = ocr_pages([loader(i) for i in range(frames)], settings)
    except (OSError, SyntaxError, EOFError) as exc:  # truncated image data shows up when decoding
        if isinstance(exc, PermissionError):
            raise
        raise Quarantine("corrupt_image") from exc
    for page in pages:
        page.marks = ocr_marks(page.text)  # a photographed or scanned signed document prints its boxes
    blank = None
    if not any(p.text.strip() for p in pages):
        blank = [_frame_blank(path, i) for i in range(frames)]
    return _documents(pages, relpath, sha, notes=decide_readable(pages, blank)), len(pages)


def _frame_blank(path: Path, index: int) -> bool:
    """A frame with no dark pixel at all (a blank sheet), judged on a small copy."""
    with Image.open(path) as img:
        img.seek(index)
        img.draft("L", (400, 400))
        small = _flatten(img.copy())
        small.thumbnail((400, 400))
        return small.getextrema()[0] > 200


def _read_docx(path: Path, relpath: str, sha: str, settings: Settings) -> tuple[list[Document], int]:
    from pipeline.extract import docx_text

    docx_text.check_container(path, settings.limits.max_docx_uncompressed_bytes,
                              settings.limits.max_docx_compression_ratio)
    try:
        result = docx_text.read_docx(path)
    except Exception:  # noqa: BLE001 - python-docx refuses Strict OOXML and packages with a broken part
        try:
            result = docx_text.read_docx_plain(path)
        except Exception as exc:  # noqa: BLE001 - the document's own XML does not parse
            raise Quarantine("invalid_docx") from exc
    notes = _legacy_note(result.legacy_encoding)
    if result.page.text.strip():  # a Word file of pictures only stays a (textless) document
        notes += decide_readable([result.page])
    return _documents([result.page], relpath, sha, result.legacy_encoding, notes, split=False), 0


_READERS = {"pdf": _read_pdf, "docx": _read_docx, **{k: _read_image for k in IMAGE_KINDS}}
