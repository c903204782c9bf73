"""The district table: per-unit area scores ranked, the `Tỷ lệ %` row and the class counts.

One computation shared by the reviewer workbook (from draft scores) and the district report (from
confirmed scores), so both show the same numbers.

Rules (as the seed report `BÁO CÁO Kết quả xác định Chỉ số CCHC năm 2018 ... huyện Thạnh Trị`):
- rows are ranked by total, descending; equal totals keep the order of `units.yaml`
  (the documented tie-break: TT Phú Lộc before Xã Thạnh Trị at 92); units missing from the
  config come after the configured ones, by name;
- the `Tỷ lệ %` cell of an area is the mean of the column as a percentage of the area's maximum,
  rounded half-up to one decimal; the total's cell is the mean total (= mean % of 100 points);
- class counts use the catalog's classification bands; listed from the lowest class to the highest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.core.config import Config
from pipeline.core.model import UnitDraft
from pipeline.output.cells import as_number, round_half_up


@dataclass(frozen=True)
class AreaColumn:
    code: str
    name: str  # the report's column header (`report_name`, or the name)
    max: float


@dataclass(frozen=True)
class DistrictRow:
    rank: int
    unit: str
    total: float
    areas: dict[str, float]  # area code -> score
    classification: str


@dataclass(frozen=True)
class DistrictTable:
    columns: list[AreaColumn]
    total_max: float
    rows: list[DistrictRow]
    rate: dict[str, Decimal]  # "total" and each area code -> the `Tỷ lệ %` cell (one decimal)
    mean_total: Decimal | None
    class_counts: list[tuple[str, int]] = field(default_factory=list)  # lowest class first

    @property
    def min_total(self) -> float | None:
        return min((r.total for r in self.rows), default=None)


@dataclass(frozen=True)
class ScoredUnit:
    """One unit's scores as the district table reads them: the draft's (`of_draft`), or the
    confirmed ones (`units_from_confirmed`). `areas` stands in when there are no sub-criteria."""

    unit: str | None
    scores: dict[str, float]  # sub-criterion code -> score
    areas: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of_draft(cls, unit: UnitDraft) -> ScoredUnit:
        return cls(unit.unit, {c.code: c.draft_score for c in unit.criteria}, dict(unit.areas))


def area_scores(unit: ScoredUnit, config: Config) -> dict[str, float]:
    """Area code -> score of one unit: summed from its criteria, else its `areas` mapping."""
    if unit.scores:
        # Decimal sums: 0.5 steps add up exactly, whatever the order
        return {
            a.code: as_number(sum((Decimal(str(unit.scores.get(c.code, 0.0))) for c in a.criteria), Decimal(0)))
            for a in config.catalog.areas
        }
    return {a.code: float(unit.areas.get(a.code, 0.0)) for a in config.catalog.areas}


def units_from_confirmed(scores: Iterable) -> list[ScoredUnit]:
    """Group `Store.confirmed_scores` rows by unit."""
    units: dict[str, dict[str, float]] = {}
    for s in scores:
        units.setdefault(s.unit, {})[s.code] = float(s.score)
    return [ScoredUnit(unit, codes) for unit, codes in units.items()]


def district_table(units: Iterable[UnitDraft | ScoredUnit], config: Config) -> DistrictTable:
    """Rank the scored units: a draft's units (by draft score) or `units_from_confirmed`; entries
    with no unit are unmapped folders and skipped."""
    catalog = config.catalog
    order = {u.name: i for i, u in enumerate(config.units.units)}
    columns = [AreaColumn(a.code, a.report_name or a.name, a.max) for a in catalog.areas]
    scored = []
    for u in units:
        u = ScoredUnit.of_draft(u) if isinstance(u, UnitDraft) else u
        if not u.unit:
            continue
        areas = area_scores(u, config)
        total = as_number(sum((Decimal(str(v)) for v in areas.values()), Decimal(0)))
        scored.append((u.unit, total, areas))
    scored.sort(key=lambda t: (-t[1], order.get(t[0], len(order)), t[0]))
    rows = [DistrictRow(i + 1, name, total, areas, catalog.classify(total))
            for i, (name, total, areas) in enumerate(scored)]

    rate: dict[str, Decimal] = {}
    mean_total: Decimal | None = None
    if rows:
        n = Decimal(len(rows))
        mean_total = round_half_up(sum((Decimal(str(r.total)) for r in rows), Decimal(0)) / n, 1)
        rate["total"] = round_half_up(
            sum((Decimal(str(r.total)) for r in rows), Decimal(0)) * 100 / (n * Decimal(str(catalog.total))), 1)
        for col in columns:
            col_sum = sum((Decimal(str(r.areas[col.code])) for r in rows), Decimal(0))
            rate[col.code] = round_half_up(col_sum * 100 / (n * Decimal(str(col.max))), 1)

    counts = {b.label: 0 for b in catalog.classification}
    for r in rows:
        counts[r.classification] = counts.get(r.classification, 0) + 1
    class_counts = [(b.label, counts[b.label]) for b in sorted(catalog.classification, key=lambda b: b.min)]
    return DistrictTable(columns, catalog.total, rows, rate, mean_total, class_counts)
