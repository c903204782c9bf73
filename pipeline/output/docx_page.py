"""What every DOCX kiemchung writes shares: the A4 page of an administrative document (Times New
Roman 13, the margins of Nghị định 30/2020/NĐ-CP), text in a table cell, tables without borders,
place names as they read inside a sentence, and the atomic save (a reader never sees half a file).

Used by the district report (`report`) and the feedback letters (`letters`).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.core.config import Config

# Administrative-unit words that are capitalised in a name but not inside a sentence:
# "Huyện Thạnh Trị" reads "huyện Thạnh Trị", "Xã Vĩnh Thành" reads "xã Vĩnh Thành".
_UNIT_WORDS = (("Huyện ", "huyện "), ("Thị xã ", "thị xã "), ("Thành phố ", "thành phố "), ("Quận ", "quận "),
               ("Xã ", "xã "), ("Thị trấn ", "thị trấn "), ("TT ", "thị trấn "), ("Phường ", "phường "))


def in_sentence(name: str) -> str:
    """The name as written inside a sentence: its administrative word in lower case."""
    name = name.strip()
    for prefix, lower in _UNIT_WORDS:
        if name.startswith(prefix):
            return lower + name[len(prefix):]
    return name


def without_unit_word(name: str) -> str:
    """"Huyện Thạnh Trị" -> "Thạnh Trị": the place name of a place-date line."""
    name = name.strip()
    for prefix, _lower in _UNIT_WORDS:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def district_phrase(config: Config) -> str:
    """The configured district (units.yaml) as it reads inside a sentence."""
    return in_sentence(config.units.district)


def new_document():
    """An empty A4 portrait document: Times New Roman 13, margins 2/1.5/2/2 cm."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.0), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    return doc


def set_cell_background(cell, hex_color: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_color)
    tc_pr.append(shd)


def cell_text(cell, text: str, bold: bool = False, size: float = 9, center: bool = True) -> None:
    cell.text = ""
    par = cell.paragraphs[0]
    run = par.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    if center:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER


def remove_borders(table) -> None:
    """No lines around or inside the table (the header and signature blocks of an official letter)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def save_atomic(doc, path: Path) -> Path:
    """Save through a temporary file in the same folder, then rename: never half a DOCX."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    doc.save(str(tmp))
    tmp.replace(path)
    return path


def set_column_widths(table, widths) -> None:
    """Fixed widths on the grid and on every cell: Word reads the cells, LibreOffice the grid."""
    table.autofit = False
    for i, w in enumerate(widths):
        table.columns[i].width = w
    for row in table.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = w
