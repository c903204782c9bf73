"""The reading vocabulary (config/vocabulary.yaml): document types and how titles write them, the
symbol token spellings OCR and keyboards produce, abbreviations, the score table's column words and
the file names that are never evidence. National conventions, not a district's catalog: the catalog
names which types count (`doc_types`), this says how each is written.

Loaded once, validated: a wrong entry stops the program with the file, the entry and the problem
(`ConfigError`), never a wrong reading later.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from pipeline.core.config import DEFAULT_CONFIG_DIR, ConfigError

VOCABULARY_FILE = DEFAULT_CONFIG_DIR / "vocabulary.yaml"
COLUMN_ROLES = ("other", "self", "max", "evidence", "code_whole", "name", "max_whole", "self_fallback")


class DocumentType(BaseModel):
    code: str = Field(min_length=1, max_length=8)
    name: str = Field(min_length=1)
    title_words: list[str] = Field(default_factory=list)


class Vocabulary(BaseModel):
    document_types: list[DocumentType]
    symbol_token_spellings: dict[str, str] = Field(default_factory=dict)
    abbreviations: dict[str, str] = Field(default_factory=dict)
    whole_terms: list[str] = Field(default_factory=list)  # a phrase's term counts only when the title holds it whole
    # what a plan or report can be OF besides an item's subject ("hội nghị", "thi đua"): an exclude of every item
    # whose own phrases do not say it
    other_activities: list[str] = Field(default_factory=list)
    score_table_columns: dict[str, list[str]]
    ignored_file_names: list[str] = Field(default_factory=list)

    @field_validator("document_types")
    @classmethod
    def _unique_codes_and_words(cls, types: list[DocumentType]) -> list[DocumentType]:
        seen: set[str] = set()
        words: dict[str, str] = {}
        for t in types:
            if t.code in seen:
                raise ValueError(f"type code {t.code} is listed twice")
            seen.add(t.code)
            for w in t.title_words:
                key = " ".join(w.lower().split())
                if key in words:
                    raise ValueError(f"title word '{w}' belongs to both {words[key]} and {t.code}")
                words[key] = t.code
        return types

    @field_validator("score_table_columns")
    @classmethod
    def _known_roles_valid_patterns(cls, cols: dict[str, list[str]]) -> dict[str, list[str]]:
        missing = [r for r in COLUMN_ROLES if r not in cols]
        unknown = [r for r in cols if r not in COLUMN_ROLES]
        if missing or unknown:
            raise ValueError(f"roles must be exactly {', '.join(COLUMN_ROLES)} (missing: {missing}, unknown: {unknown})")
        for role, patterns in cols.items():
            for p in patterns:
                try:
                    re.compile(p)
                except re.error as e:
                    raise ValueError(f"{role}: pattern '{p}' is not a regular expression: {e}") from e
        return cols

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(t.code for t in self.document_types)

    @property
    def names(self) -> dict[str, str]:
        return {t.code: t.name for t in self.document_types}

    def column_pattern(self, role: str) -> re.Pattern[str]:
        """One regular expression of a column role's words (over the folded header)."""
        return re.compile("|".join(self.score_table_columns[role]))


def load_vocabulary(path: Path | str) -> Vocabulary:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(path, "file", f"cannot be read: {e}") from e
    try:
        return Vocabulary.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        raise ConfigError(path, ".".join(str(x) for x in err["loc"]) or "file", err["msg"]) from e


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary every reader shares (config/vocabulary.yaml), loaded once per process."""
    return load_vocabulary(VOCABULARY_FILE)
