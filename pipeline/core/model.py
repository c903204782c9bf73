"""The one typed document model every stage reads and enriches.

A file of the inbox becomes an `ExtractedFile` (what extraction saw: status, pages, error) holding
zero or more `Document`s (a bundle holds several). Each document keeps provenance: the file, its
page range, where its text came from (text layer, DOCX, OCR) and OCR confidence. Later stages add
metadata, matches, duplicate groups, flags and scores; `UnitDraft` is one unit's entry and `Draft` is
what draft.json serializes: the outputs read it, never the JSON.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

EXTRACT_VERSION = "15"  # bump when extraction output changes: cached extractions are then redone

# A file a commune clerk uploaded in the workspace is named `@upload/<id>/<name>` in the draft, beside
# the inbox's relative paths. (An inbox folder really named "@upload" would read as uploads in the
# draft's `source`; it maps to no unit either way.)
UPLOAD_PREFIX = "@upload/"
FileSource = Literal["inbox", "upload"]


def source_of(path: str) -> FileSource:
    """Where a draft's file came from: a clerk's upload, or the inbox."""
    return "upload" if path.startswith(UPLOAD_PREFIX) else "inbox"


class TextSource(StrEnum):
    TEXT_LAYER = "text_layer"
    DOCX = "docx"
    OCR = "ocr"


class Word(BaseModel):
    """An OCR word with its box (pixels of the page image as OCR'd), for table regrouping."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int = 0
    line: int = 0


class Table(BaseModel):
    rows: list[list[str]]
    source: TextSource


class Mark(BaseModel):
    """Something signed onto a page: a signature widget's appearance on a PDF page, or a signature box
    or gazette stamp printed on a scanned page and read by OCR."""

    kind: Literal["signature", "gazette", "fill", "other"]
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the page's top
    signed_at: dt.datetime | None = None  # signature / gazette boxes: the time they show
    signer: str | None = None
    # "widget": the PDF's own signature annotation (exact); "ocr": the box as printed on a scanned or
    # photographed page, read by OCR (digits may be misread; box is then (0, 0, 0, 0))
    read_by: Literal["widget", "ocr"] = "widget"


class BlankReading(BaseModel):
    """A handwritten number, day or month read from its printed blank (pipeline.blanks)."""

    field: Literal["number", "day", "month"]
    text: str  # the best reading, digits
    confidence: float  # product of the digits' classifier scores
    alternatives: list[tuple[str, float]] = Field(default_factory=list)  # best first
    box: tuple[int, int, int, int]  # pixels of the page image
    ocr_read: str | None = None  # what the page's OCR had read there


class FieldSource(BaseModel):
    """Where a header field was read and how sure the reading is (shown to reviewers)."""

    where: str  # header | header (typed into the blank) | handwritten blank | signature box | file name | citation
    confidence: float  # 0..1
    note: str | None = None


class DamagedLayer(BaseModel):
    """The text layer a PDF page holds, judged damaged and read by OCR instead (extract.legibility)."""

    text: str
    # the page is drawn as text (no scan under it): its font lost letters, but the digits it maps are the
    # document's own. Over a scan, the layer is another program's OCR reading.
    drawn: bool


class Page(BaseModel):
    number: int  # 1-based page number inside the file
    text: str
    source: TextSource
    ocr_confidence: float | None = None  # 0..1, mean word confidence
    rotation: int = 0  # degrees turned to make the page upright (0/90/180/270)
    skew: float = 0.0  # degrees corrected
    tables: list[Table] = Field(default_factory=list)
    words: list[Word] = Field(default_factory=list)  # OCR pages only
    image_hash: str | None = None  # perceptual hash of the page image (scans), hex
    width: int | None = None
    height: int | None = None
    marks: list[Mark] = Field(default_factory=list)  # signature boxes, stamps, typed-in blanks
    blanks: list[BlankReading] = Field(default_factory=list)  # handwritten header blanks (OCR pages)
    # An OCR'd page's own text layer, judged damaged (extract.legibility): read.crosscheck compares its digits
    damaged_layer: DamagedLayer | None = None


class Note(BaseModel):
    """What extraction noticed about a document, as a code of the one message table
    (`inbox.quarantine.MESSAGES`) and its parameters: rendered at output time, in the run's language
    (the extraction is cached and shared by runs in any language)."""

    code: str
    params: dict[str, str] = Field(default_factory=dict)


class Provenance(BaseModel):
    file: str  # relative to INBOX, '/' separators
    first_page: int
    last_page: int
    source: TextSource
    ocr_confidence: float | None = None
    legacy_encoding: str | None = None  # e.g. "TCVN3" when converted to Unicode
    # a str: a sentence an extraction of EXTRACT_VERSION 9 rendered before notes were codes (cached)
    notes: list[Note | str] = Field(default_factory=list)


class DocMeta(BaseModel):
    """Administrative metadata read from a document's text."""

    issuer: str | None = None
    doc_type: str | None = None  # KH, BC, QĐ, TB, BB, TTr, DS, QC, CV
    symbol: str | None = None  # normalized, e.g. "05/KH-UBND"
    number: str | None = None  # the number part of the symbol, e.g. "05"
    date: dt.date | None = None
    place: str | None = None
    title: str | None = None  # trích yếu
    period: Literal["Q1", "H1", "Q3", "Y"] | None = None
    year: int | None = None  # year the document is about (e.g. "năm 2018"), may differ from date
    # A number blank left empty or unreadable ("Số:     /QĐ-UBND"): the code printed after it, and the
    # place-date line's month when its day is blank ("ngày    tháng 01 năm 2025" -> "2025-01"). Other
    # sources (the file's name, the self-assessment's citations) may fill the number from these.
    symbol_code: str | None = None
    blank_day_month: str | None = None  # "YYYY-MM"
    sources: dict[str, FieldSource] = Field(default_factory=dict)  # symbol/date/...: where read, how sure
    unread: dict[str, str] = Field(default_factory=dict)  # field -> why it is null (the blank was unreadable, …)


class SelfScoreRow(BaseModel):
    code: str
    name: str | None = None
    max: float | None = None
    self_score: float | None = None
    cited: list[str] = Field(default_factory=list)  # cited symbols, normalized
    cited_dates: list[dt.date | None] = Field(default_factory=list)
    raw: list[str] = Field(default_factory=list)  # the row's cells as read


class SelfAssessment(BaseModel):
    rows: dict[str, SelfScoreRow] = Field(default_factory=dict)
    total: float | None = None


class Document(BaseModel):
    key: str  # stable within a file: "<sha256[:16]>:<first_page>"
    provenance: Provenance
    pages: list[Page]
    meta: DocMeta = Field(default_factory=DocMeta)
    is_self_assessment: bool = False
    self_assessment: SelfAssessment | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def ocr(self) -> bool:
        return any(p.source == TextSource.OCR for p in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)


FileStatus = Literal["processed", "quarantined", "deferred"]


class ExtractedFile(BaseModel):
    """What extraction made of one inbox file; cached by (sha256, EXTRACT_VERSION)."""

    path: str  # relative to INBOX
    sha256: str
    size: int
    kind: str  # sniffed content type: pdf, docx, jpeg, png, tiff, ... or what was found
    status: FileStatus
    error: str | None = None  # one sentence a clerk can act on (in the run's language)
    error_code: str | None = None  # stable machine code: empty_file, encrypted_pdf, ...
    error_params: dict[str, str] = Field(default_factory=dict)  # to re-render `error` in any language
    documents: list[Document] = Field(default_factory=list)
    extract_version: str = EXTRACT_VERSION
    ocr_pages: int = 0
    seconds: float = 0.0


# ---- analysis results (matching, dedupe, gaps, scores) -------------------------------------


class Match(BaseModel):
    criterion: str
    item: str | None = None  # evidence item id
    # "reviewer": taught by a reviewer's earlier attach decision (see run.store.EvidenceDecision)
    rule: Literal["citation", "title", "keywords", "reviewer"]
    score: float  # 0..100
    phrase: str | None = None  # what matched (catalog phrase or cited symbol)
    why: str  # a sentence a reviewer reads


class Flag(BaseModel):
    code: str  # closed vocabulary of the contract
    criterion: str | None = None
    message: str
    document: str | None = None  # document id, when about one
    file: str | None = None


class DuplicateGroup(BaseModel):
    documents: list[str]
    keep: str
    redundant_pages: int
    signals: dict[str, str] = Field(default_factory=dict)  # "d3~d9": "hash" | "text 0.97" | "image 4"


class MatchOut(BaseModel):
    """How a document was matched to one sub-criterion, as draft.json gives it."""

    score: float
    why: str
    rule: Literal["citation", "title", "keywords", "reviewer"]
    item: str | None = None
    phrase: str | None = None


class DocumentOut(BaseModel):
    id: str
    file: str
    first_page: int
    last_page: int
    doc_type: str | None
    symbol: str | None
    date: str | None
    title: str | None
    ocr: bool
    ocr_confidence: float | None
    criteria: list[str]
    match: dict[str, MatchOut]
    duplicate_of: str | None
    source: str | None = None
    period: str | None = None
    issuer: str | None = None
    legacy_encoding: str | None = None
    is_self_assessment: bool = False
    # where each header field was read and how sure ({"date": {"where": "signature box", ...}}),
    # and why a null field is null ({"date": "the day … is blank or unreadable"})
    fields: dict[str, FieldSource] = Field(default_factory=dict)
    unread: dict[str, str] = Field(default_factory=dict)
    # code -> why a match was removed by a reviewer's earlier decision (the veto of the `reviewer` rule)
    vetoed: dict[str, str] = Field(default_factory=dict)
    # what extraction noticed that a reviewer may want to know ("11 characters of text, not
    # Vietnamese", "Typed in a legacy TCVN3 font; converted")
    notes: list[str] = Field(default_factory=list)


class Suggestion(BaseModel):
    """A document that may be a sub-criterion's evidence ("có thể là"); never counted until a
    reviewer attaches it."""

    document: str  # document id
    score: float  # 0..100, the transparent score below
    why: str  # what made it likely: shared words, type, reviewer-taught phrases


class CriterionOut(BaseModel):
    code: str
    name: str | None = None
    area: str | None = None
    max: float
    self_score: float | None
    draft_score: float
    documents: list[str]
    flags: list[str]
    evidence_points: float | None = None  # before capping by the self-score
    suggestions: list[Suggestion] = Field(default_factory=list)  # only where evidence is missing


class FileOut(BaseModel):
    path: str
    sha256: str
    status: FileStatus
    error: str | None
    documents: list[str]
    kind: str | None = None
    error_code: str | None = None
    source: FileSource = "inbox"  # where the file came from: the inbox folder, or a clerk's upload


class UnitDraft(BaseModel):
    unit: str | None
    folder: str
    self_assessment: str | None
    self_total: float | None
    draft_total: float
    classification: str | None
    criteria: list[CriterionOut]
    documents: list[DocumentOut]
    files: list[FileOut]
    duplicate_groups: list[DuplicateGroup]
    flags: list[Flag]
    areas: dict[str, float] = Field(default_factory=dict)
    # every inbox folder scored as this unit, when there are several ("Xa Vinh Thanh", "xã vĩnh thành")
    folders: list[str] | None = None

    def document(self, doc_id: str | None) -> DocumentOut | None:
        return next((d for d in self.documents if d.id == doc_id), None) if doc_id else None


class Accounting(BaseModel):
    """Every file found is processed, quarantined, deferred or ignored (found = the sum)."""

    found: int = 0  # inbox files and uploads
    uploads: int = 0
    processed: int = 0
    quarantined: int = 0
    deferred: int = 0
    ignored: int = 0
    ignored_files: list[str] = Field(default_factory=list)
    pages: int = 0
    ocr_pages: int = 0
    cache_hits: int = 0
    extracted: int = 0
    units_reused: int = 0  # units whose analysis was read back unchanged from the store

    def counts(self) -> dict[str, int]:
        """The numbers alone (the run's row in the store, the flow's result), without the file list."""
        return self.model_dump(exclude={"ignored_files"})


class RunInfo(BaseModel):
    id: int | None = None
    started: str | None = None
    finished: str | None = None
    seconds: float | None = None
    inbox: str | None = None
    extract_version: str | None = None
    file_seconds: int | float | None = None  # the per-file time budget (as settings give it)
    task_runner: str | None = None
    lang: str | None = None


class Draft(BaseModel):
    """draft.json: one run's draft for a period, every unit's entry, and the run's accounting.
    Outputs (workbook, letters, report, workspace) read this, never the JSON dict."""

    period: str
    catalog: str | None = None
    units: list[UnitDraft]
    accounting: Accounting | None = None  # absent in drafts written by hand (tests, imports)
    run: RunInfo | None = None

    @classmethod
    def of(cls, draft: Draft | dict) -> Draft:
        """A draft.json dict (as stored, or as read from a file) validated into the model; a model as is."""
        return draft if isinstance(draft, Draft) else cls.model_validate(draft)

    def unit(self, name: str | None) -> UnitDraft | None:
        return next((u for u in self.units if u.unit == name), None) if name else None

    def to_json(self) -> dict:
        return self.model_dump(mode="json")
