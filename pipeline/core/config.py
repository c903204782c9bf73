"""Configuration as data: the catalog, the units and the settings, loaded into validated models.

Every validation error names the file, the entry and the problem, so a district clerk editing
next year's catalog can fix it without reading code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

DEFAULT_CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
# A period code (`2018`, `2018-Q1`): safe in paths and file names, fits the store's column.
PERIOD_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,15}$")
PeriodCode = Literal["Q1", "H1", "Q3", "Y"]
_DEADLINE = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_DAYS_IN_MONTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


class ConfigError(ValueError):
    """A configuration file is wrong; the message names file, entry and problem."""

    def __init__(self, file: Path | str, entry: str, problem: str):
        self.file, self.entry, self.problem = str(file), entry, problem
        super().__init__(f"{file}: {entry}: {problem}")


class DocType(BaseModel):
    """A type the catalog accepts. Its name and title words are the reading vocabulary's
    (config/vocabulary.yaml) unless the catalog gives its own, for a type the vocabulary lacks."""

    name: str | None = None
    title_words: list[str] = Field(default_factory=list)


class EvidenceItem(BaseModel):
    id: str
    types: list[str]
    title: str
    points: float
    phrases: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)  # title words that rule the item out
    deadline: str | None = None
    required_plan: bool = False
    periodic_report: PeriodCode | None = None
    threshold: float | None = None

    def deadline_in(self, year: int):
        """The deadline as a date inside `year`, or None."""
        import datetime as _dt

        if not self.deadline:
            return None
        day, month = (int(x) for x in _DEADLINE.match(self.deadline).groups())
        if month == 2 and day == 29:
            day = 28 if year % 4 else 29
        return _dt.date(year, month, day)


class Criterion(BaseModel):
    code: str
    name: str
    max: float
    items: list[EvidenceItem]


class Area(BaseModel):
    code: str
    name: str
    report_name: str | None = None
    max: float
    criteria: list[Criterion]


class ClassBand(BaseModel):
    min: float
    label: str


class Catalog(BaseModel):
    id: str
    name: str
    total: float
    # the accepted types: a list of codes (`[KH, BC, QĐ]`), or codes with a name and title words of
    # their own; filled from the vocabulary at load (`validate_catalog`)
    doc_types: dict[str, DocType]

    @field_validator("doc_types", mode="before")
    @classmethod
    def _codes_list(cls, value: object) -> object:
        if isinstance(value, list):
            return {str(code): {} for code in value}
        return {code: (spec if spec is not None else {}) for code, spec in value.items()} if isinstance(
            value, dict) else value
    classification: list[ClassBand]
    # Share of an item's points a document earns when dated after the item's deadline (in the year).
    late_factor: float = Field(0.5, ge=0, le=1)
    areas: list[Area]
    source: str | None = None

    def criteria(self) -> list[Criterion]:
        return [c for a in self.areas for c in a.criteria]

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria() if c.code == code), None)

    def area_of(self, code: str) -> Area:
        return next(a for a in self.areas if any(c.code == code for c in a.criteria))

    def items(self) -> list[tuple[Criterion, EvidenceItem]]:
        return [(c, i) for c in self.criteria() for i in c.items]

    def classify(self, total: float) -> str:
        for band in sorted(self.classification, key=lambda b: -b.min):
            if total >= band.min:
                return band.label
        return self.classification[-1].label


class Unit(BaseModel):
    name: str
    kind: str = "xã"
    aliases: list[str] = Field(default_factory=list)


class UnitsConfig(BaseModel):
    district: str
    district_aliases: list[str] = Field(default_factory=list)
    province: str | None = None
    units: list[Unit]


class OcrSettings(BaseModel):
    languages: str = "vie"
    dpi: int = 300
    min_text_chars: int = 40
    low_confidence: float = 0.60
    workers: int = 2
    timeout_seconds: int = 120
    max_pages_per_file: int = 400
    max_image_pixels: int = 90_000_000
    # the small passes (glued header lines, digit blanks, table cells) through libtesseract in this
    # process, not a tesseract process each (~0.09 s start-up): the same reading, 7 % less OCR time
    in_process: bool = True


class LimitSettings(BaseModel):
    max_file_bytes: int = 200 * 1024 * 1024
    max_docx_uncompressed_bytes: int = 100 * 1024 * 1024
    # A DOCX part unpacking to more than this many times its packed size is a bomb (Word's XML packs
    # 5-20x; pictures barely pack). Only parts over 1 MiB unpacked are judged.
    max_docx_compression_ratio: int = Field(200, gt=1)
    # Seconds one file may take to read (PDF, DOCX, every page OCR'd) before it is stopped and
    # quarantined with `file_timeout` (pipeline.run.time_budget). A 400-page scan at ~1.5 s a page
    # fits in the default.
    file_seconds: int = Field(900, gt=0, le=86_400)


class MatchingSettings(BaseModel):
    title_threshold: float = Field(82, ge=0, le=100)
    citation_symbol_threshold: float = Field(85, ge=0, le=100)
    # a reviewer's decision applies to a title this similar (0..100, folded, years removed)
    reviewer_title_similarity: float = Field(default=90, ge=0, le=100)
    # suggestions ("có thể là") for a sub-criterion without evidence: at most this many, scoring at least the floor
    suggestions_max: int = Field(default=3, ge=0)
    suggestion_floor: float = Field(default=25, ge=0, le=100)
    # points removed per title word pair that belongs to another matching item and not to this one
    contradiction_penalty: float = Field(default=20, ge=0, le=100)
    # another item's phrase must cover the title at least this much (0..100) for its words to contradict
    contradictor_coverage: float = Field(default=75, ge=0, le=100)
    # when the document type is unknown, a title match must be this many points stronger
    unknown_type_margin: float = Field(default=8, ge=0, le=100)
    # a title read from typed text (not OCR) must be this many points stronger: no scan noise to forgive
    typed_title_margin: float = Field(default=9, ge=0, le=100)
    # at most this many points a match gains from the body's keywords
    keyword_bonus_max: float = Field(default=3, ge=0, le=100)
    # a citation whose document was found by its header (not its title) needs this symbol similarity
    header_symbol_threshold: float = Field(default=92, ge=0, le=100)


class DedupeSettings(BaseModel):
    minhash_perm: int = Field(128, ge=16, le=1024)
    shingle_size: int = Field(5, ge=1, le=20)
    lsh_threshold: float = Field(0.5, gt=0, lt=1)
    text_similarity: float = Field(0.85, gt=0, le=1)
    image_hash_distance: int = Field(8, ge=0, le=64)
    # Fewer words than this (or OCR below ocr.low_confidence): the text cannot confirm a copy alone.
    min_words: int = Field(25, ge=1)
    # The numbers veto: at least this many figures, and more than this share of them, changed.
    min_number_diff: int = Field(2, ge=1)
    number_diff_share: float = Field(0.25, ge=0, le=1)


class SelfAssessmentSettings(BaseModel):
    # How alike (rapidfuzz, 0..100) a score-table row's name must be to a sub-criterion's name when
    # the row's code cell is missing or unreadable.
    name_threshold: float = Field(80, ge=0, le=100)


class ScheduleSettings(BaseModel):
    cron: str = "0 1 * * *"
    timezone: str = "Asia/Ho_Chi_Minh"


class Settings(BaseModel):
    catalog: str = "catalog-2018-commune.yaml"
    units: str = "units.yaml"
    lang: Literal["vi", "en"] = "vi"
    state_dir: str = ".kiemchung"
    ocr: OcrSettings = Field(default_factory=OcrSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    matching: MatchingSettings = Field(default_factory=MatchingSettings)
    dedupe: DedupeSettings = Field(default_factory=DedupeSettings)
    self_assessment: SelfAssessmentSettings = Field(default_factory=SelfAssessmentSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)


class Config(BaseModel):
    """Everything a run needs to know, loaded from one config directory."""

    directory: str
    settings: Settings
    catalog: Catalog
    units: UnitsConfig


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise ConfigError(path, "file", "not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(path, "file", f"not valid YAML ({exc})") from exc


def _first_error(path: Path, exc: ValidationError) -> ConfigError:
    err = exc.errors()[0]
    loc = ".".join(str(x) for x in err["loc"])
    return ConfigError(path, loc or "file", err["msg"])


def validate_catalog(cat: Catalog, path: Path | str) -> None:
    """Rules a schema cannot say: sums, unique codes, known types, well-formed deadlines; each
    accepted type named and worded by the vocabulary unless the catalog words it itself."""
    from pipeline.core.vocabulary import vocabulary

    known = {t.code: t for t in vocabulary().document_types}
    for code, dtype in cat.doc_types.items():
        spoken = known.get(code)
        if spoken is None and not (dtype.name and dtype.title_words):
            raise ConfigError(path, f"doc_types {code}", "a type the vocabulary does not know needs its own name "
                                                         "and title_words")
        if spoken is not None:
            dtype.name = dtype.name or spoken.name
            dtype.title_words = list(dict.fromkeys([*spoken.title_words, *dtype.title_words]))
    seen: set[str] = set()
    item_ids: set[str] = set()
    for area in cat.areas:
        if area.code in seen:
            raise ConfigError(path, f"area {area.code}", "duplicate code")
        seen.add(area.code)
        crit_sum = sum(c.max for c in area.criteria)
        if abs(crit_sum - area.max) > 1e-9:
            raise ConfigError(
                path, f"area {area.code}", f"sub-criteria maxima sum to {crit_sum:g}, area max is {area.max:g}"
            )
        for crit in area.criteria:
            if crit.code in seen:
                raise ConfigError(path, f"criterion {crit.code}", "duplicate code")
            seen.add(crit.code)
            if not crit.items:
                raise ConfigError(path, f"criterion {crit.code}", "has no evidence items")
            item_sum = sum(i.points for i in crit.items)
            if item_sum - crit.max > 1e-9:
                raise ConfigError(
                    path, f"criterion {crit.code}", f"item points sum to {item_sum:g}, more than max {crit.max:g}"
                )
            for item in crit.items:
                where = f"criterion {crit.code} item {item.id}"
                if item.id in item_ids:
                    raise ConfigError(path, where, "duplicate item id")
                item_ids.add(item.id)
                for t in item.types:
                    if t not in cat.doc_types:
                        raise ConfigError(
                            path, where, f"unknown document type {t!r} (known: {', '.join(cat.doc_types)})"
                        )
                if item.deadline is not None:
                    m = _DEADLINE.match(item.deadline)
                    ok = bool(m) and 1 <= int(m.group(2)) <= 12
                    ok = ok and 1 <= int(m.group(1)) <= _DAYS_IN_MONTH[int(m.group(2))]
                    if not ok:
                        raise ConfigError(path, where, f"malformed deadline {item.deadline!r} (expected DD/MM)")
                if item.threshold is not None and not 0 <= item.threshold <= 100:
                    raise ConfigError(path, where, f"threshold {item.threshold} outside 0..100")
    total = sum(a.max for a in cat.areas)
    if abs(total - cat.total) > 1e-9:
        raise ConfigError(path, "total", f"areas sum to {total:g}, catalog total is {cat.total:g}")
    if not cat.classification:
        raise ConfigError(path, "classification", "no classes")


def load_catalog(path: Path | str) -> Catalog:
    path = Path(path)
    data = _read_yaml(path)
    try:
        cat = Catalog.model_validate({**data, "source": str(path)})
    except ValidationError as exc:
        raise _first_error(path, exc) from exc
    validate_catalog(cat, path)
    return cat


class FragmentItem(BaseModel):
    id: str
    phrases: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


class FragmentCriterion(BaseModel):
    code: str
    items: list[FragmentItem]


class FragmentArea(BaseModel):
    code: str
    criteria: list[FragmentCriterion]


class CatalogFragment(BaseModel):
    """Phrases to fold into a catalog (what `kiemchung phrases export` writes): the catalog's own
    nesting (areas → criteria → items), each item only with its id, phrases and exclude words."""

    areas: list[FragmentArea] = Field(default_factory=list)


def load_catalog_fragment(path: Path | str) -> CatalogFragment:
    path = Path(path)
    try:
        return CatalogFragment.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise _first_error(path, exc) from exc


def merge_fragment(catalog: Catalog, path: Path | str) -> Catalog:
    """A copy of `catalog` with a fragment's phrases and exclude words added to its items (new ones
    only, in order). Every area, criterion and item of the fragment must be in the catalog."""
    path = Path(path)
    fragment = load_catalog_fragment(path)
    merged = catalog.model_copy(deep=True)
    items = {(c.code, i.id): i for c in merged.criteria() for i in c.items}
    areas = {a.code: {c.code for c in a.criteria} for a in merged.areas}
    for area in fragment.areas:
        if area.code not in areas:
            raise ConfigError(path, f"area {area.code}", f"not in catalog {catalog.id}")
        for crit in area.criteria:
            if crit.code not in areas[area.code]:
                raise ConfigError(path, f"criterion {crit.code}", f"not in area {area.code} of catalog {catalog.id}")
            for fi in crit.items:
                item = items.get((crit.code, fi.id))
                if item is None:
                    raise ConfigError(path, f"criterion {crit.code} item {fi.id}", f"not in catalog {catalog.id}")
                # an item without phrases matched on its title: keep that phrase beside the new ones
                base = item.phrases or [item.title]
                item.phrases = base + [p for p in dict.fromkeys(fi.phrases) if p not in base]
                item.exclude += [p for p in dict.fromkeys(fi.exclude) if p not in item.exclude]
    validate_catalog(merged, path)
    return merged


def load_units(path: Path | str) -> UnitsConfig:
    path = Path(path)
    try:
        units = UnitsConfig.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise _first_error(path, exc) from exc
    names: set[str] = set()
    for u in units.units:
        if u.name in names:
            raise ConfigError(path, f"unit {u.name}", "duplicate unit name")
        names.add(u.name)
    return units


def load_settings(path: Path | str) -> Settings:
    path = Path(path)
    if not path.exists():
        return Settings()
    try:
        return Settings.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise _first_error(path, exc) from exc


def load_config(directory: Path | str | None = None, catalog: Path | str | None = None) -> Config:
    """Load settings.yaml, the catalog and the units of a config directory.

    `catalog` overrides the settings' choice (another year's catalog is another file).
    """
    directory = Path(directory) if directory else DEFAULT_CONFIG_DIR
    settings = load_settings(directory / "settings.yaml")
    cat_path = Path(catalog) if catalog else directory / settings.catalog
    return Config(
        directory=str(directory),
        settings=settings,
        catalog=load_catalog(cat_path),
        units=load_units(directory / settings.units),
    )
