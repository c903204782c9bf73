"""DOCX to one `Page`: paragraphs and tables in document order, header/footer text, text boxes.

The container is checked before python-docx sees it: a ZIP with `word/document.xml`, a total
uncompressed size under the limit (read from the ZIP directory, nothing unpacked), and no
`<!DOCTYPE`/`<!ENTITY` in any XML part (Word never writes them; python-docx's lxml parser does
not resolve entities, but a billion-laughs file is refused before any parser sees it).

Runs typed in TCVN3/VNI fonts are converted per run, by the run's effective font; when no font
names tell, character statistics over the whole document decide.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.model import Page, Table, TextSource
from pipeline.core.normalize import normalize_text
from pipeline.extract import legacy_encoding as le
from pipeline.inbox.quarantine import Refused

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_UNSAFE = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


_CHUNK = 64 * 1024
_MARKERS = _UNSAFE + tuple(m.decode().encode(enc) for m in _UNSAFE for enc in ("utf-16-le", "utf-16-be"))
_OVERLAP = max(len(m) for m in _MARKERS)


_RATIO_FLOOR = 1 << 20  # parts smaller than this unpacked are never judged by their ratio


def check_container(path: Path, max_uncompressed: int, max_ratio: int = 200) -> None:
    """Raise Refused(invalid_docx | docx_bomb | compression_bomb | unsafe_docx) unless the DOCX is
    safe to parse.

    The directory's sizes are checked first (nothing inflated), then every part is inflated in
    64 KiB chunks counting the bytes really produced, since a directory can lie about them; XML
    parts are scanned for DOCTYPE/ENTITY across chunk boundaries on the way. Memory stays at one
    chunk whatever the archive claims or holds."""

    def bomb(size: int) -> Refused:
        return Refused("docx_bomb", {
            "size_mb": f"{size / 1_048_576:.0f}", "limit_mb": f"{max_uncompressed / 1_048_576:.0f}"})

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if "word/document.xml" not in {i.filename for i in infos}:
                raise Refused("invalid_docx")
            declared = sum(i.file_size for i in infos)
            if declared > max_uncompressed:
                raise bomb(declared)
            inflated = 0

            def ratio_bomb(info: zipfile.ZipInfo, size: int) -> None:
                ratio = size / max(1, info.compress_size)
                if size > _RATIO_FLOOR and ratio > max_ratio:
                    raise Refused("compression_bomb", {"part": info.filename, "ratio": f"{ratio:.0f}",
                                                       "limit": str(max_ratio)})

            for info in infos:
                ratio_bomb(info, info.file_size)  # from the directory: nothing inflated yet
            for info in infos:
                scan = info.filename.endswith((".xml", ".rels"))
                tail = b""
                part = 0
                with zf.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        inflated += len(chunk)
                        part += len(chunk)
                        if inflated > max_uncompressed:
                            raise bomb(inflated)
                        ratio_bomb(info, part)  # a directory that lies about the size
                        if scan:
                            window = tail + chunk
                            if any(m in window for m in _MARKERS):
                                raise Refused("unsafe_docx")
                            tail = window[-_OVERLAP:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError,
            zlib.error) as exc:  # damaged deflate data surfaces as zlib.error or OSError(EINVAL)
        if isinstance(exc, PermissionError):
            raise
        raise Refused("invalid_docx") from exc


@dataclass
class DocxText:
    page: Page
    legacy_encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def _style_chain(style):
    """A style and the styles it is based on, nearest first."""
    while style is not None:
        yield style
        style = style.base_style


def _style_font(style) -> str | None:
    return next((st.font.name for st in _style_chain(style) if st.font is not None and st.font.name), None)


def _char_style(run):
    """The run's own character style, None when it names none (or names one the document lacks)."""
    try:
        return run.style if run._element.rPr is not None and run._element.rPr.rStyle is not None else None
    except (KeyError, ValueError):
        return None


def _default_font(document) -> str | None:
    rpr = document.styles.element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
    if rpr is None:
        return None
    return rpr.get(f"{_W}ascii") or rpr.get(f"{_W}hAnsi")


class _Reader:
    def __init__(self, document):
        self.document = document
        self.default_font = _default_font(document)
        self.converter: Callable[[str, str | None], str] = lambda text, font: text
        self.encodings: list[str | None] = []

    def run_font(self, run, paragraph) -> str | None:
        rfonts = run._element.rPr.rFonts if run._element.rPr is not None else None
        if rfonts is not None:
            name = rfonts.get(f"{_W}ascii") or rfonts.get(f"{_W}hAnsi") or rfonts.get(f"{_W}cs")
            if name:
                return name
        return _style_font(_char_style(run)) or _style_font(paragraph.style) or self.default_font

    def run_caps(self, run, paragraph) -> bool:
        """Whether the run prints in capitals by its formatting (Word's "All caps" or "Small caps": the run's, its
        character style's, its paragraph style's), whatever case it was typed in."""
        fonts = [run.font, *(st.font for base in (_char_style(run), paragraph.style) for st in _style_chain(base))]
        for font in fonts:
            if font is not None and (font.all_caps is not None or font.small_caps is not None):
                return bool(font.all_caps or font.small_caps)
        return False

    def paragraph_text(self, paragraph) -> str:
        parts: list[str] = []
        for item in paragraph.iter_inner_content():
            runs = item.runs if hasattr(item, "runs") else [item]
            for run in runs:
                text = self.converter(run.text, self.run_font(run, paragraph))
                # as printed: a heading typed "Quyết định" in an All-caps style reads "QUYẾT ĐỊNH" on paper
                parts.append(text.upper() if text and self.run_caps(run, paragraph) else text)
        return "".join(parts)

    def table_rows(self, table) -> list[list[str]]:
        """Rows of cell text; a horizontally merged cell once, a vertical merge's continuation empty."""
        rows: list[list[str]] = []
        previous: list = []
        for row in table.rows:
            cells = list(row.cells)
            out: list[str] = []
            for i, cell in enumerate(cells):
                if i > 0 and cell._tc is cells[i - 1]._tc:
                    continue  # the same cell spanning grid columns
                if i < len(previous) and cell._tc is previous[i]._tc:
                    out.append("")  # continuation of a cell merged down from the row above
                    continue
                out.append(self.cell_text(cell))
            rows.append(out)
            previous = cells
        return rows

    def cell_text(self, cell) -> str:
        parts = [self.paragraph_text(p) for p in cell.paragraphs]
        for inner in cell.tables:
            parts.extend(" | ".join(r) for r in self.table_rows(inner))
        return normalize_text("\n".join(parts))

    def blocks(self, container) -> Iterator[tuple[str, object]]:
        for item in container.iter_inner_content():
            if hasattr(item, "rows"):
                yield "table", item
            else:
                yield "paragraph", item


def _read(document, reader: _Reader) -> tuple[str, list[Table]]:
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    tables: list[Table] = []
    seen_hf: set[str] = set()

    def header_footer(kind: str) -> list[str]:
        out = []
        for section in document.sections:
            for part in (getattr(section, kind), getattr(section, f"first_page_{kind}")):
                try:
                    if part.is_linked_to_previous:
                        continue
                    for what, item in reader.blocks(part):
                        text = (reader.paragraph_text(item) if what == "paragraph"
                                else "\n".join(" | ".join(r) for r in reader.table_rows(item)))
                        if text.strip() and text not in seen_hf:
                            seen_hf.add(text)
                            out.append(text)
                except (AttributeError, KeyError, ValueError):
                    continue
        return out

    lines.extend(header_footer("header"))
    body_started = False
    for what, item in reader.blocks(document):
        if what == "paragraph":
            text = reader.paragraph_text(item)
            lines.append(text)
            body_started = body_started or bool(text.strip())
        else:
            rows = reader.table_rows(item)
            tables.append(Table(rows=rows, source=TextSource.DOCX))
            if not body_started and _is_header_table(rows):
                # the borderless two-column header: each column as a block, like the OCR path
                for col in range(2):
                    lines.extend(r[col] for r in rows if len(r) > col and r[col].strip())
                    lines.append("")
            else:
                lines.extend(" | ".join(c.replace("\n", " ") for c in r) for r in rows)
            body_started = True
    # text boxes (a header drawn in shapes) are not in the body's paragraphs
    body = document.element.body
    for p in body.iter(f"{_W}txbxContent"):
        for para in p.iter(f"{_W}p"):
            text = reader.paragraph_text(Paragraph(para, document._body))
            if text.strip():
                lines.append(text)
    lines.extend(header_footer("footer"))
    return "\n".join(lines), tables


def _is_header_table(rows: list[list[str]]) -> bool:
    from pipeline.extract.bundles import starts_document

    return (0 < len(rows) <= 5 and all(len(r) == 2 for r in rows)
            and starts_document("\n".join(r[1] for r in rows)))


def read_docx(path: Path) -> DocxText:
    """Text and tables of a checked DOCX (call `check_container` first). Parse errors propagate."""
    import docx

    document = docx.Document(str(path))
    reader = _Reader(document)
    raw_text, _ = _read(document, reader)  # first pass: raw text and fonts, for detection
    fonts_seen: list[str | None] = []

    def record(text: str, font: str | None) -> str:
        fonts_seen.append(le.font_encoding(font) if text.strip() else None)
        return text

    reader.converter = record
    _read(document, reader)
    by_font = le.dominant(fonts_seen)
    by_stats = le.detect(raw_text) if by_font is None else None

    def convert(text: str, font: str | None) -> str:
        enc = le.font_encoding(font) or by_stats
        if enc is None:
            return text
        return le.convert(text, enc, upper=le.is_upper_font(font))

    reader.converter = convert
    text, tables = _read(document, reader)
    encoding = by_font or by_stats
    for t in tables:
        t.rows = [[normalize_text(c) for c in row] for row in t.rows]
    page = Page(number=1, text=normalize_text(text), source=TextSource.DOCX, tables=tables)
    return DocxText(page=page, legacy_encoding=encoding)


_WORD_MAIN = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
              "http://purl.oclc.org/ooxml/wordprocessingml/main")  # Transitional and Strict OOXML


def read_docx_plain(path: Path) -> DocxText:
    """The text of `word/document.xml` paragraph by paragraph, for a checked DOCX python-docx will
    not open (Strict OOXML, whose namespaces and relationship types it does not know, or a package
    with a broken part other than the document). Parsed by defusedxml: no entity, no DTD. Raises
    on XML that does not parse (the caller quarantines it as `invalid_docx`)."""
    from defusedxml import ElementTree

    with zipfile.ZipFile(path) as zf, zf.open("word/document.xml") as fh:
        root = ElementTree.parse(fh).getroot()
    lines: list[str] = []
    for ns in _WORD_MAIN:
        for para in root.iter(f"{{{ns}}}p"):
            if para.find(f".//{{{ns}}}p") is not None:
                continue  # a paragraph holding a text box: its inner paragraphs are read themselves
            lines.append("".join(t.text or "" for t in para.iter(f"{{{ns}}}t")))
    text = normalize_text("\n".join(lines))
    encoding = le.detect(text)
    if encoding:
        text = le.convert(text, encoding)
    return DocxText(page=Page(number=1, text=text, source=TextSource.DOCX), legacy_encoding=encoding)
