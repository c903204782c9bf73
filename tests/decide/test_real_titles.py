"""Title → sub-criterion matching measured on REAL published titles (tests/data/real_titles.yaml).

The corpus and its split are described in tests/data/README.md. Phrases are tuned on the `tune`
half only; the `measure` half is measured, never looked at title by title (this module prints only
its aggregate figures, and its details helper refuses the measure half).

Definitions (per split):

* **clean recall** — clean titles whose labelled items are ALL among the matched items
  (extra matched items do not fail recall; they cost precision).
* **precision** — over clean + negative titles: matched (title, item) pairs that are labelled,
  divided by all matched (title, item) pairs. Ambiguous titles are left out (their labels are soft).
* **negatives matched** — negative titles that match any item (must stay at 0).
* **ambiguous recall** — as clean recall, on ambiguous titles; reported only, never asserted.
* **QĐ-promulgates-plan misses** — clean misses whose type is QĐ and whose label is a plan item (an
  item that accepts KH but not QĐ): "Quyết định ban hành/phê duyệt Kế hoạch …" that reviewers accept
  as the plan but the type gate rejects; they wait for a promulgation rule in the matcher. The
  second figure says how many of them the title alone would match if the QĐ counted as its plan
  (matched again as KH): the titles lost ONLY to the type gate.

Run `python tests/test_real_titles.py` for the table, `python tests/test_real_titles.py --tune-misses`
for the tune half's misses and false matches (the data to tune phrases on).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from pipeline.core.config import load_config
from pipeline.core.model import DocMeta, Document, Page, Provenance, TextSource
from pipeline.decide.matching import match_document

CORPUS = Path(__file__).resolve().parents[1] / "data" / "real_titles.yaml"
SPLITS = ("tune", "measure")

# Floors at what the catalog reaches (precision and recall rounded down to 2 digits): a regression
# fails. The measure half is the measurement; the tune half's floors guard the tuning itself. Tune recall is
# 184/186: t491 (a QC "quy định" of internal spending and public assets, 7.1 + 7.3) and t1807 ("báo cáo số
# lượng chất lượng cán bộ Công chức, Viên chức", 6.2 + 5.3, matched for 5.3 only; a 6.2 phrase "số lượng chất
# lượng cán bộ công chức" would take 6.3's and 6.1's titles that say "chất lượng" of their own). The seventeenth
# round's measure half brought two matched negatives (6 → 8, precision 0.948 → 0.936), before any change; the
# eighteenth's one more (9); the nineteenth's tune half taught the year's theme (9 → 8, measured after); the
# twentieth brought one more and two clean misses (9; recall 0.955 → 0.947), before any change; after the
# twenty-first's tune lessons, 8; the twenty-second to twenty-fourth rounds' measure half brought two more (10,
# precision 0.948 → 0.938), before any change; the twenty-fifth's 113 titles: clean all found, no negative matched (0.941); the twenty-sixth's 140 the same (0.942).
FLOORS = {
    "measure": {"precision": 0.93, "recall": 0.94, "negatives_matched": 10},
    "tune": {"precision": 0.99, "recall": 0.98, "negatives_matched": 0},
}
# The issue's target on the measure half's clean titles (reported; asserted only when reached).
TARGET_PRECISION, TARGET_RECALL = 0.97, 0.95


def load_corpus() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["titles"]


def as_document(rec: dict) -> Document:
    title = rec["title"]
    return Document(
        key=f"real:{rec['id']}",
        provenance=Provenance(file=f"{rec['id']}.docx", first_page=1, last_page=1, source=TextSource.DOCX),
        pages=[Page(number=1, text=title, source=TextSource.DOCX)],
        meta=DocMeta(title=title, doc_type=rec["doc_type"]),
    )


@dataclass
class Outcome:
    rec: dict
    matched: list[str]  # item ids

    @property
    def labelled(self) -> set[str]:
        return set(self.rec["items"])

    @property
    def hit(self) -> bool:
        return bool(self.labelled) and self.labelled <= set(self.matched)


@dataclass
class Figures:
    split: str
    clean: int = 0
    clean_hits: int = 0
    pairs: int = 0  # matched (title, item) pairs on clean + negative titles
    pairs_right: int = 0
    negatives: int = 0
    negatives_matched: int = 0
    ambiguous: int = 0
    ambiguous_hits: int = 0
    qd_plan_misses: int = 0  # clean misses: QĐ type, labelled with a plan item (accepts KH, not QĐ)
    qd_plan_type_only: int = 0  # ... of which matched as KH they would be hits: lost only to the type gate
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.pairs_right / self.pairs if self.pairs else 1.0

    @property
    def recall(self) -> float:
        return self.clean_hits / self.clean if self.clean else 1.0

    @property
    def ambiguous_recall(self) -> float:
        return self.ambiguous_hits / self.ambiguous if self.ambiguous else 1.0


def evaluate(config=None) -> dict[str, Figures]:
    config = config or load_config()
    plan_items = {i.id for _c, i in config.catalog.items() if "KH" in i.types and "QĐ" not in i.types}
    figs = {s: Figures(s) for s in SPLITS}
    for rec in load_corpus():
        f = figs[rec["split"]]
        matches = match_document(as_document(rec), config.catalog, config.settings)
        out = Outcome(rec, [m.item for m in matches])
        f.outcomes.append(out)
        kind = rec["kind"]
        if kind == "ambiguous":
            f.ambiguous += 1
            f.ambiguous_hits += out.hit
            continue
        f.pairs += len(out.matched)
        f.pairs_right += sum(1 for i in out.matched if i in out.labelled)
        if kind == "negative":
            f.negatives += 1
            f.negatives_matched += bool(out.matched)
        else:
            f.clean += 1
            f.clean_hits += out.hit
            if not out.hit and rec["doc_type"] == "QĐ" and out.labelled & plan_items:
                f.qd_plan_misses += 1
                as_plan = match_document(as_document({**rec, "doc_type": "KH"}), config.catalog, config.settings)
                f.qd_plan_type_only += out.labelled <= {m.item for m in as_plan}
    return figs


def table(figs: dict[str, Figures]) -> str:
    rows = [
        ("clean precision", lambda f: f"{f.precision:.3f} ({f.pairs_right}/{f.pairs})"),
        ("clean recall", lambda f: f"{f.recall:.3f} ({f.clean_hits}/{f.clean})"),
        ("negatives matched", lambda f: f"{f.negatives_matched}/{f.negatives}"),
        ("ambiguous recall", lambda f: f"{f.ambiguous_recall:.3f} ({f.ambiguous_hits}/{f.ambiguous})"),
        ("clean misses", lambda f: f"{f.clean - f.clean_hits}"),
        ("  QĐ promulgating a plan", lambda f: f"{f.qd_plan_misses}"),
        ("  ... title matches as KH", lambda f: f"{f.qd_plan_type_only}"),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'':{width}}  {'tune':>20}  {'measure':>20}"]
    lines += [f"{name:{width}}  {fn(figs['tune']):>20}  {fn(figs['measure']):>20}" for name, fn in rows]
    return "\n".join(lines)


def tune_details(figs: dict[str, Figures], split: str = "tune") -> str:
    """Misses and false matches of the TUNE half, title by title. Never for the measure half."""
    if split != "tune":
        raise ValueError("the measure half is measured only, never read title by title")
    lines = []
    for o in figs["tune"].outcomes:
        wrong = [i for i in o.matched if i not in o.labelled]
        if o.hit and not (wrong and o.rec["kind"] != "ambiguous"):
            continue
        if not o.labelled and not o.matched:
            continue
        lines.append(f"{o.rec['id']} {o.rec['kind']:9} {o.rec['doc_type']:3} want={sorted(o.labelled)} "
                     f"got={o.matched}  {o.rec['title']}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def figures():
    return evaluate()


def test_corpus_is_whole():
    recs = load_corpus()
    assert len(recs) == 3159
    assert {r["split"] for r in recs} == set(SPLITS)
    assert all(r["kind"] in ("clean", "ambiguous", "negative") for r in recs)
    assert all((r["kind"] == "negative") == (r["items"] == []) for r in recs)
    assert len({r["id"] for r in recs}) == len(recs)


@pytest.mark.parametrize("split", SPLITS)
def test_floors(figures, split, capsys):
    if split == "measure":
        with capsys.disabled():
            print("\n" + table(figures))
    f, floor = figures[split], FLOORS[split]
    assert f.negatives_matched <= floor["negatives_matched"]
    assert f.precision >= floor["precision"]
    assert f.recall >= floor["recall"]


def test_issue_target_on_the_measure_half(figures):
    """Issue 14's target: precision >= 0.97 and recall >= 0.95 on the measure half's clean titles."""
    m = figures["measure"]
    if m.precision < TARGET_PRECISION or m.recall < TARGET_RECALL:
        pytest.xfail(f"target not reached: precision {m.precision:.3f}, recall {m.recall:.3f}")


if __name__ == "__main__":
    figs = evaluate()
    print(table(figs))
    if "--tune-misses" in sys.argv:
        print(tune_details(figs))
