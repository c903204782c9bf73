"""Draft scores by the catalog's rules.

Per evidence item, its best supporting document counts: full points when dated inside the period
year on or before the item's deadline (or the item has none), the catalog's `late_factor` of them
(half by default) when dated inside the year but after the deadline, zero when dated outside the year. An undated document counts in full (a person
checks it; the explanation says so). A criterion's evidence is the sum over its items, capped by
its maximum; its draft score is the evidence capped by the self-score when one was read. Areas sum
their criteria; the total sums the areas; the catalog's bands classify it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pipeline.core.config import Catalog, Criterion, EvidenceItem

ItemStatus = Literal["on_time", "no_deadline", "undated", "late", "wrong_period", "missing"]
# Preference among equal points: a dated, on-time document is better evidence than an undated one.
_STATUS_ORDER = {"on_time": 0, "no_deadline": 0, "undated": 1, "late": 2, "wrong_period": 3, "missing": 4}


def item_points(item: EvidenceItem, date: dt.date | None, year: int, late_factor: float = 0.5) -> tuple[float, ItemStatus]:
    """Points one document earns for one item, and why; a late document earns `late_factor` (the
    catalog's) of them."""
    if date is None:
        return item.points, "undated"
    if date.year != year:
        return 0.0, "wrong_period"
    deadline = item.deadline_in(year)
    if deadline is None:
        return item.points, "no_deadline"
    if date <= deadline:
        return item.points, "on_time"
    return item.points * late_factor, "late"


@dataclass
class ItemResult:
    item: EvidenceItem
    document: str | None  # the counted document id
    points: float
    status: ItemStatus
    date: dt.date | None = None
    deadline: dt.date | None = None


def best_for_item(item: EvidenceItem, supporting: Sequence[tuple[str, dt.date | None]], year: int,
                  late_factor: float = 0.5) -> ItemResult:
    """The supporting (document id, date) that earns the most; ties: on time first, then id order."""
    best: ItemResult | None = None
    for doc_id, date in supporting:
        pts, status = item_points(item, date, year, late_factor)
        cand = ItemResult(item, doc_id, pts, status, date, item.deadline_in(year))
        if best is None or (-cand.points, _STATUS_ORDER[cand.status]) < (-best.points, _STATUS_ORDER[best.status]):
            best = cand
    return best or ItemResult(item, None, 0.0, "missing", None, item.deadline_in(year))


@dataclass
class CriterionScore:
    criterion: Criterion
    self_score: float | None
    items: list[ItemResult]
    evidence: float = 0.0  # sum of item points capped by the maximum
    draft: float = 0.0
    documents: list[str] = field(default_factory=list)  # every supporting document id


def score_criterion(
    crit: Criterion,
    supporting: Mapping[str, Sequence[tuple[str, dt.date | None]]],
    self_score: float | None,
    year: int,
    late_factor: float = 0.5,
) -> CriterionScore:
    """`supporting`: item id → (document id, date) of the documents matched to that item;
    `late_factor`: the catalog's share of points for a late document."""
    items = [best_for_item(it, supporting.get(it.id, ()), year, late_factor) for it in crit.items]
    evidence = min(crit.max, sum(r.points for r in items))
    draft = evidence if self_score is None else min(evidence, max(0.0, self_score))
    docs = sorted({d for it in crit.items for d, _ in supporting.get(it.id, ())}, key=_id_order)
    return CriterionScore(crit, self_score, items, round(evidence, 2), round(min(draft, crit.max), 2), docs)


def _id_order(doc_id: str) -> tuple:
    digits = doc_id.lstrip("d")
    return (0, int(digits), doc_id) if digits.isdigit() else (1, 0, doc_id)


@dataclass
class Totals:
    areas: dict[str, float]
    total: float
    classification: str


def totals(catalog: Catalog, scores: Mapping[str, CriterionScore]) -> Totals:
    areas = {}
    for area in catalog.areas:
        areas[area.code] = round(sum(scores[c.code].draft for c in area.criteria if c.code in scores), 2)
    total = round(sum(areas.values()), 2)
    return Totals(areas, total, catalog.classify(total))
