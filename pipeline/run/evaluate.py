"""Measure a run against a ground-truth file (the sample generator writes one beside its inbox).

    python -m pipeline.run.evaluate --draft out/draft.json --truth samples/ground_truth.json

Prints precision/recall of document → sub-criteria, duplicate-pair F1, flag precision/recall,
score exactness and metadata accuracy by source format. Tests use `evaluate()` directly.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pipeline.core.model import DocumentOut, Draft, FileOut
from pipeline.core.normalize import for_matching, normalize_text

DocKey = tuple[str, int]  # (inbox-relative path NFC, first page)


@dataclass
class PR:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: Counter | set, expected: Counter | set) -> None:
        predicted, expected = Counter(predicted), Counter(expected)
        self.tp += sum((predicted & expected).values())
        self.fp += sum((predicted - expected).values())
        self.fn += sum((expected - predicted).values())


@dataclass
class Report:
    criteria: PR = field(default_factory=PR)
    duplicates: PR = field(default_factory=PR)
    flags: PR = field(default_factory=PR)
    siblings_grouped: int = 0
    scores_exact: int = 0
    scores_total: int = 0
    totals_exact: int = 0
    units_total: int = 0
    self_scores_exact: int = 0
    self_scores_total: int = 0
    fields: dict[str, Counter] = field(default_factory=dict)  # "<format>.<field>" -> {"ok": n, "all": n}
    docs_found: int = 0
    docs_expected: int = 0
    files_status_ok: int = 0
    files_total: int = 0
    mismatches: list[str] = field(default_factory=list)

    def field_accuracy(self, name: str) -> float:
        c = self.fields.get(name, Counter())
        return c["ok"] / c["all"] if c["all"] else 1.0

    def as_dict(self) -> dict:
        return {
            "criteria_precision": round(self.criteria.precision, 4),
            "criteria_recall": round(self.criteria.recall, 4),
            "duplicate_pairs_f1": round(self.duplicates.f1, 4),
            "duplicate_pairs_precision": round(self.duplicates.precision, 4),
            "duplicate_pairs_recall": round(self.duplicates.recall, 4),
            "template_siblings_grouped": self.siblings_grouped,
            "flags_precision": round(self.flags.precision, 4),
            "flags_recall": round(self.flags.recall, 4),
            "scores_exact": round(self.scores_exact / self.scores_total, 4) if self.scores_total else 1.0,
            "totals_exact": f"{self.totals_exact}/{self.units_total}",
            "self_scores_exact": round(self.self_scores_exact / self.self_scores_total, 4)
            if self.self_scores_total else 1.0,
            "documents_found": f"{self.docs_found}/{self.docs_expected}",
            "file_status_right": f"{self.files_status_ok}/{self.files_total}",
            "fields": {k: round(self.field_accuracy(k), 4) for k in sorted(self.fields)},
        }


def _key(path: str, page: int) -> DocKey:
    return (normalize_text(path), int(page))


def _format_group(fmt: str) -> str:
    return "digital" if fmt in ("docx", "text_pdf") else "scan"


def evaluate(draft: Draft | dict, truth: dict) -> Report:
    """Score a draft (the model, or draft.json as read) against a ground-truth file (a plain dict:
    the generator's fixture format, not ours)."""
    draft = Draft.of(draft)
    rep = Report()
    # --- documents: index both sides by (file, first_page)
    truth_docs: dict[DocKey, dict] = {}
    truth_fmt: dict[DocKey, str] = {}
    truth_files = {normalize_text(f["path"]): f for f in truth["files"]}
    for f in truth["files"]:
        for d in f.get("documents", []):
            k = _key(f["path"], d["first_page"])
            truth_docs[k] = d
            truth_fmt[k] = f["format"]
    draft_docs: dict[DocKey, DocumentOut] = {}
    draft_ids: dict[tuple[str, str], DocKey] = {}  # (unit folder, doc id) -> key
    draft_files: dict[str, FileOut] = {}
    for u in draft.units:
        for d in u.documents:
            k = _key(d.file, d.first_page)
            draft_docs[k] = d
            draft_ids[(u.folder, d.id)] = k
        for f in u.files:
            draft_files[normalize_text(f.path)] = f

    rep.files_total = len(truth_files)
    for path, tf in truth_files.items():
        df = draft_files.get(path)
        if df is not None and df.status == tf["status"]:
            rep.files_status_ok += 1
        else:
            rep.mismatches.append(f"file status {path}: expected {tf['status']}, got {df and df.status}")

    rep.docs_expected = len(truth_docs)
    for k, td in truth_docs.items():
        dd = draft_docs.get(k)
        if dd is None:
            rep.mismatches.append(f"document not found: {k}")
            rep.criteria.add(set(), {(k, c) for c in td.get("criteria", [])})
            continue
        rep.docs_found += 1
        if dd.last_page != td.get("last_page"):
            rep.mismatches.append(f"page range {k}: expected ..{td.get('last_page')}, got ..{dd.last_page}")
        group = _format_group(truth_fmt[k])
        if not td.get("is_self_assessment"):
            exp = {(k, c) for c in td.get("criteria", [])}
            got = {(k, c) for c in dd.criteria}
            rep.criteria.add(got, exp)
            if exp != got:
                rep.mismatches.append(f"criteria {k}: expected {sorted(c for _, c in exp)}, got {sorted(c for _, c in got)}")
        for name in ("doc_type", "symbol", "date", "title"):
            if td.get(name) is None:
                continue
            c = rep.fields.setdefault(f"{group}.{name}", Counter())
            c["all"] += 1
            exp_v, got_v = td.get(name), getattr(dd, name)
            ok = (for_matching(exp_v) == for_matching(got_v or "")) if name == "title" else exp_v == got_v
            c["ok"] += ok
            if not ok:
                rep.mismatches.append(f"{name} {k}: expected {exp_v!r}, got {got_v!r}")
    for k, dd in draft_docs.items():  # documents the truth does not know (e.g. wrong bundle splits)
        if k not in truth_docs:
            rep.criteria.add({(k, c) for c in dd.criteria}, set())
            rep.mismatches.append(f"unexpected document {k}")

    # --- duplicates: pairs within groups
    exp_pairs: set[frozenset] = set()
    for g in truth.get("duplicate_groups", []):
        members = [_key(p, pg) for p, pg in g["members"]]
        exp_pairs |= {frozenset(p) for p in combinations(members, 2)}
    got_pairs: set[frozenset] = set()
    for u in draft.units:
        for g in u.duplicate_groups:
            members = [draft_ids.get((u.folder, d)) for d in g.documents]
            got_pairs |= {frozenset(p) for p in combinations([m for m in members if m], 2)}
    rep.duplicates.add(got_pairs, exp_pairs)
    for pair in got_pairs - exp_pairs:
        rep.mismatches.append(f"unexpected duplicate pair {sorted(pair)}")
    for pair in exp_pairs - got_pairs:
        rep.mismatches.append(f"missed duplicate pair {sorted(pair)}")
    for a, b in truth.get("template_siblings", []):
        if frozenset((_key(*a), _key(*b))) in got_pairs:
            rep.siblings_grouped += 1

    # --- per unit: flags, scores
    draft_units = {u.unit if u.unit is not None else f"?{normalize_text(u.folder)}": u for u in draft.units}
    for tu in truth["units"]:
        name = tu["unit"] if tu["unit"] is not None else f"?{normalize_text(tu['folder'])}"
        du = draft_units.get(name)
        exp_flags = Counter((name, f["code"], f.get("criterion")) for f in tu.get("flags", []))
        got_flags = Counter((name, f.code, f.criterion) for f in (du.flags if du is not None else [])
                            if f.code != "low_ocr_confidence")
        rep.flags.add(got_flags, exp_flags)
        for fl in exp_flags - got_flags:
            rep.mismatches.append(f"missed flag {fl}")
        for fl in got_flags - exp_flags:
            rep.mismatches.append(f"unexpected flag {fl}")
        if tu["unit"] is None:
            continue
        rep.units_total += 1
        if du is None:
            rep.mismatches.append(f"unit missing in draft: {name}")
            continue
        if du.draft_total == tu.get("draft_total"):
            rep.totals_exact += 1
        else:
            rep.mismatches.append(f"total {name}: expected {tu.get('draft_total')}, got {du.draft_total}")
        got_crit = {c.code: c for c in du.criteria}
        for code, tc in tu.get("criteria", {}).items():
            rep.scores_total += 1
            gc = got_crit.get(code)
            got_score = gc.draft_score if gc is not None else None
            got_self = gc.self_score if gc is not None else None
            if got_score == tc.get("draft_score"):
                rep.scores_exact += 1
            else:
                rep.mismatches.append(f"score {name} {code}: expected {tc.get('draft_score')}, got {got_score}")
            if tc.get("self_score") is not None or got_self is not None:
                rep.self_scores_total += 1
                if got_self == tc.get("self_score"):
                    rep.self_scores_exact += 1
                else:
                    rep.mismatches.append(
                        f"self-score {name} {code}: expected {tc.get('self_score')}, got {got_self}")
    return rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draft", type=Path, required=True)
    ap.add_argument("--truth", type=Path, required=True)
    ap.add_argument("--mismatches", type=int, default=40, help="how many mismatches to list")
    args = ap.parse_args(argv)
    rep = evaluate(json.loads(args.draft.read_text(encoding="utf-8")),
                   json.loads(args.truth.read_text(encoding="utf-8")))
    print(json.dumps(rep.as_dict(), ensure_ascii=False, indent=2))
    for m in rep.mismatches[: args.mismatches]:
        print("  -", m)
    if len(rep.mismatches) > args.mismatches:
        print(f"  … {len(rep.mismatches) - args.mismatches} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
