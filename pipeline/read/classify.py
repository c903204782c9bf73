"""The classify stage: administrative metadata of every document of an extracted file, and whether
the document is the unit's self-assessment report.

Runs inside each unit's analysis (`runner.analyze_job`) on text already extracted, and is cached
with it: a unit whose files, configuration and code are unchanged is not classified again.
"""

from __future__ import annotations

from pipeline.core.model import Document, ExtractedFile
from pipeline.read.crosscheck import crosscheck
from pipeline.read.metadata import parse_metadata
from pipeline.read.selfassess import looks_like_self_assessment

# A first page this short is a cover or a photo of the stamp: the header continues on page 2.
_SHORT_PAGE = 200


def header_text(doc: Document) -> str:
    """The text the header fields are read from: the first page, plus the second when the first is thin."""
    if not doc.pages:
        return ""
    text = doc.pages[0].text
    if len(text.strip()) < _SHORT_PAGE and len(doc.pages) > 1:
        text = text + "\n" + doc.pages[1].text
    return text


def classify_document(doc: Document) -> Document:
    """A copy of `doc` with `meta` and `is_self_assessment` filled."""
    text = header_text(doc)
    meta = crosscheck(parse_metadata(text), doc, text)
    out = doc.model_copy(update={"meta": meta})
    out.is_self_assessment = looks_like_self_assessment(out)
    return out


def classify_file(ef: ExtractedFile) -> ExtractedFile:
    """The file with every document's metadata filled; the input (a cached extraction) is not changed."""
    return ef.model_copy(update={"documents": [classify_document(d) for d in ef.documents]})
