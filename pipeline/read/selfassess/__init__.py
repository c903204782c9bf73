"""The unit's self-assessment report: recognizing it and reading its score table.

The table ("Bảng tự chấm điểm") has one row per area and sub-criterion: number, name, maximum,
self-score, cited evidence. It reaches us three ways: as cell rows (DOCX tables, pdfplumber
tables: `Page.tables`), as OCR words with boxes (scans: `Page.words`) and, when a text PDF's
table was not detected, as plain lines. All three become rows of cells, and one row reader ties
them to catalog codes. Columns are recognized by their header words, never by position, because
provinces' forms order and name them differently (and add "Điểm thẩm định", "Ghi chú" …).
"""

from __future__ import annotations

from pipeline.core.config import Catalog
from pipeline.core.model import Document, SelfAssessment, TextSource
from pipeline.read.selfassess.cells import parse_score
from pipeline.read.selfassess.ocr_words import OcrLayout, words_to_rows
from pipeline.read.selfassess.recognize import looks_like_self_assessment
from pipeline.read.selfassess.rows import (
    DEFAULT_NAME_THRESHOLD,
    finish,
    new_state,
    read_table_rows,
    read_tables_into,
)
from pipeline.read.selfassess.text_lines import read_lines_into, read_text_lines


def parse_self_assessment(doc: Document, catalog: Catalog,
                          name_threshold: float = DEFAULT_NAME_THRESHOLD) -> SelfAssessment:
    """The score table of a self-assessment report, per catalog sub-criterion code.

    Cell tables (DOCX, text PDF) come first; scanned pages are regrouped from their OCR words;
    when neither yields a row, the text lines are read.
    """
    st = new_state(catalog, name_threshold)
    tables: list[list[list[str]]] = []
    layout: OcrLayout | None = None
    for page in doc.pages:
        if page.tables:
            tables.extend(t.rows for t in page.tables)
        elif page.source == TextSource.OCR and page.words:
            rows, layout = words_to_rows(page.words, layout)
            if rows:
                tables.append(rows)
    read_tables_into(st, [t for t in tables if t])
    if not st.rows:
        st = new_state(catalog, name_threshold)
        read_lines_into(st, doc.text)
    return finish(st)


__all__ = ["DEFAULT_NAME_THRESHOLD", "OcrLayout", "looks_like_self_assessment", "parse_score", "parse_self_assessment",
           "read_table_rows", "read_text_lines", "words_to_rows"]
