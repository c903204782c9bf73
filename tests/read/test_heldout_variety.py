"""Metadata and self-assessment parsing on the held-out-style corpus (tests/heldout_corpus.py):
documents of the same kinds as the sample inbox's, written the way other clerks write them.

Prints the accuracy per field and per shape; born-digital text (DOCX, text PDF) must be read
exactly, OCR-shaped text nearly so."""

from __future__ import annotations

import os
from collections import defaultdict

import pytest
from heldout_corpus import METADATA_CASES, SA_CASES

from pipeline.core.config import load_catalog
from pipeline.core.model import Document, Page, Provenance, Table, TextSource
from pipeline.core.normalize import folded_for_matching, for_matching
from pipeline.read.classify import classify_document
from pipeline.read.selfassess import parse_self_assessment

CATALOG = load_catalog(os.path.join(os.path.dirname(__file__), "..", "..", "config", "catalog-2018-commune.yaml"))
FIELDS = ("doc_type", "symbol", "date", "title", "period", "issuer")
SOURCE = {"docx": TextSource.DOCX, "pdf": TextSource.TEXT_LAYER, "ocr": TextSource.OCR}
# OCR-shaped text may lose a field to a character the reader could only guess.
TARGET = {"docx": 1.0, "pdf": 1.0, "ocr": 0.95}


def _doc(shape: str, text: str, tables: list[list[list[str]]] | None = None) -> Document:
    page = Page(number=1, text=text, source=SOURCE[shape],
                tables=[Table(rows=t, source=SOURCE[shape]) for t in tables or []])
    return classify_document(Document(
        key="h:1", provenance=Provenance(file="h.docx", first_page=1, last_page=1, source=SOURCE[shape]), pages=[page]))


def _same(field: str, shape: str, got: object, want: object) -> bool:
    if field in ("title", "issuer") and want is not None:
        norm = folded_for_matching if shape == "ocr" else for_matching
        return got is not None and norm(str(got)) == norm(str(want))
    return got == want


def _metadata_results() -> tuple[dict[tuple[str, str], list[int]], list[tuple]]:
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for name, shape, text, expected in METADATA_CASES:
        meta = _doc(shape, text).meta
        for field in FIELDS:
            if field not in expected:
                continue
            got, want = getattr(meta, field), expected[field]
            ok = _same(field, shape, got, want)
            tally[(shape, field)][0] += ok
            tally[(shape, field)][1] += 1
            if not ok:
                misses.append((name, field, want, got))
    return tally, misses


def test_corpus_size_and_variety() -> None:
    assert len(METADATA_CASES) + len(SA_CASES) >= 40
    kinds = {e["doc_type"] for *_x, e in METADATA_CASES}
    assert {"KH", "BC", "QĐ", "TB", "TTr", "BB", "DS", "QC", "CV"} <= kinds
    assert len({n for n, *_x in METADATA_CASES}) == len(METADATA_CASES)


def test_metadata_accuracy_per_field() -> None:
    tally, misses = _metadata_results()
    print()
    for shape in ("docx", "pdf", "ocr"):
        cells = [f"{f} {tally[(shape, f)][0]}/{tally[(shape, f)][1]}" for f in FIELDS if tally[(shape, f)][1]]
        print(f"held-out metadata [{shape}]: " + ", ".join(cells))
    for f in FIELDS:
        right = sum(tally[(s, f)][0] for s in SOURCE)
        total = sum(tally[(s, f)][1] for s in SOURCE)
        print(f"held-out metadata {f}: {right}/{total} = {right / total:.1%}")
    for m in misses:
        print("  miss:", m)
    for (shape, field), (right, total) in tally.items():
        assert right >= TARGET[shape] * total, (shape, field, [m for m in misses if m[1] == field])


@pytest.mark.parametrize("case", SA_CASES, ids=[c[0] for c in SA_CASES])
def test_self_assessment_recognized(case) -> None:
    name, shape, head, table, body, expected = case
    flat = "\n".join(" | ".join(r) for r in table) if table else ""
    doc = _doc(shape, "\n".join(p for p in (head, body, flat) if p), [table] if table else None)
    assert doc.is_self_assessment == expected["is_self"], (name, doc.meta.title, doc.meta.doc_type)


def test_self_scores_per_row_accuracy() -> None:
    right = total = cited_right = cited_total = 0
    misses = []
    for name, shape, head, table, body, expected in SA_CASES:
        if not expected["scores"]:
            continue
        flat = "\n".join(" | ".join(r) for r in table) if table else ""
        doc = _doc(shape, "\n".join(p for p in (head, body, flat) if p), [table] if table else None)
        sa = parse_self_assessment(doc, CATALOG)
        for code, want in expected["scores"].items():
            row = sa.rows.get(code)
            got = row.self_score if row else "missing"
            total += 1
            right += got == want
            if got != want:
                misses.append((name, code, want, got))
        for code, want in expected["cited"].items():
            row = sa.rows.get(code)
            got = row.cited if row else "missing"
            cited_total += 1
            cited_right += got == want
            if got != want:
                misses.append((name, code, "cited", want, got))
        extra = set(sa.rows) - set(expected["scores"])
        if extra:
            misses.append((name, "rows not in the table", sorted(extra)))
            total += 1
    print(f"\nheld-out self-scores per row: {right}/{total}; citations per row: {cited_right}/{cited_total}")
    for m in misses:
        print("  miss:", m)
    assert not misses, misses
