"""Write the sample inbox and its ground truth.

    python -m samples.generate --out samples/inbox --truth samples/ground_truth.json [--seed 2018]

Deterministic: the same seed gives byte-identical files. The inbox is built in a sibling temporary
directory and moved into place with `.complete` already written last inside it, so a reader that
waits for `.complete` never sees half an inbox. An existing directory is only replaced when it is
empty or was itself generated (has `.complete`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.core.config import DEFAULT_CONFIG_DIR, load_catalog
from pipeline.core.fonts import MissingFont
from samples import render
from samples.scenario import SEED_TABLE, DocSpec, FileSpec, UnitScenario, build, score_unit

SA_SCAN_DPI = 250  # the scanned self-assessment's table has 10.5 pt text: a finer scan keeps it legible


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else float(v)


def render_file(spec: FileSpec, seed: int, rendered: dict[str, bytes],
                sample_pdf: bytes, sample_doc: DocSpec | None) -> tuple[bytes, list[tuple[int, int]], int]:
    """Bytes of one file, the (first, last) page of each of its documents, and its scanned pages."""
    key = f"{seed}:{spec.render_seed}"
    if spec.copy_of:
        data = rendered[spec.copy_of]
        ranges = [(1, 1)] if spec.format == "docx" else [(1, render.layout(d).pages) for d in spec.docs]
        return data, ranges, 0
    if spec.format == "docx":
        return render.docx(spec.docs[0]), [(1, 1)], 0
    if spec.format == "text_pdf":
        data, pages = render.text_pdf(spec.docs[0])
        return data, [(1, pages)], 0
    if spec.format == "photo_jpg":
        return render.photo(spec.docs[0], key, spec.skews[0]), [(1, 1)], 1
    if spec.format in ("scan_pdf", "bundle_pdf"):
        pages: list[tuple[bytes, int]] = []
        ranges = []
        for i, doc in enumerate(spec.docs):
            dpi = SA_SCAN_DPI if doc.is_self_assessment else render.SCAN_DPI
            imgs = render.scan_pages(doc, f"{key}:{i}", spec.skews[i], spec.rotations[i], dpi)
            ranges.append((len(pages) + 1, len(pages) + len(imgs)))
            pages += [(im, dpi) for im in imgs]
        return render.images_pdf(pages), ranges, len(pages)
    if spec.format == "broken":
        return render.broken_file(spec.broken or "", key, sample_pdf, sample_doc), [], 0
    raise ValueError(spec.format)


def _file_entry(spec: FileSpec, ranges: list[tuple[int, int]], doc_groups: dict[tuple[str, int], str]) -> dict:
    docs = []
    for i, (doc, (first, last)) in enumerate(zip(spec.docs, ranges, strict=True)):
        scanned = spec.format in ("scan_pdf", "bundle_pdf", "photo_jpg")
        docs.append({
            "first_page": first, "last_page": last, "doc_type": doc.doc_type, "symbol": doc.symbol,
            "date": doc.date.isoformat(), "title": doc.title, "period": doc.period,
            "criteria": [] if doc.is_self_assessment else doc.all_criteria,
            "is_self_assessment": doc.is_self_assessment,
            "dup_group": doc_groups.get((spec.path, first)),
            "rotation": spec.rotations[i] if scanned else 0,
            "skew": float(spec.skews[i]) if scanned else 0.0,
        })
    return {"path": spec.path, "unit": spec.unit, "format": spec.format,
            "status": "quarantined" if spec.format == "broken" else "processed",
            "error_code": spec.error_code, "documents": docs}


def _unit_entry(sc: UnitScenario, catalog, n_groups: int) -> dict:
    if sc.info is None:  # a folder that maps to no unit: read, reported, not scored
        flags = [{"code": "unknown_unit", "criterion": None}]  # no "no_self_assessment": a folder of no unit owes none
        return {"unit": None, "folder": sc.folder, "self_assessment": None, "self_total": None, "draft_total": 0,
                "classification": None, "areas": {}, "criteria": {}, "flags": flags}
    scored = score_unit([d for d in sc.docs], sc.self_scores, catalog)
    crits = scored["criteria"]
    areas = {a.code: _num(sum(crits[c.code]["draft_score"] for c in a.criteria)) for a in catalog.areas}
    total = _num(sum(areas.values()))
    sa_file = next(f.path for f in sc.files if any(d.is_self_assessment for d in f.docs))
    flags = scored["flags"] + [{"code": "duplicate_copies", "criterion": None}] * n_groups
    flags += [{"code": "unreadable_file", "criterion": None} for f in sc.files if f.format == "broken"]
    return {"unit": sc.info.name, "folder": sc.folder, "self_assessment": sa_file,
            "self_total": _num(sum(sc.self_scores.values())), "draft_total": total,
            "classification": catalog.classify(total), "areas": areas,
            "criteria": {c: {"self_score": _num(v["self_score"]), "draft_score": _num(v["draft_score"])}
                         for c, v in crits.items()},
            "flags": flags}


def check_seed_table(truth: dict) -> None:
    """The scenario must reproduce the seed report's table exactly; fail loudly if it drifts."""
    for u in truth["units"]:
        if u["unit"] is None or u["unit"] not in SEED_TABLE:
            continue
        total, areas = SEED_TABLE[u["unit"]]
        got = [u["areas"][str(i)] for i in range(1, 9)]
        if u["draft_total"] != total or got != areas:
            raise AssertionError(f"{u['unit']}: draft {u['draft_total']} {got} != seed {total} {areas}")


def _render_job(job: tuple) -> tuple[str, tuple[bytes, list[tuple[int, int]], int]]:
    spec, seed, sample_pdf, extra_doc = job
    return spec.path, render_file(spec, seed, {}, sample_pdf, extra_doc)


def _render_all(scenarios: list[UnitScenario], seed: int, workers: int) -> dict[str, tuple]:
    """Every file's bytes. Each file depends only on its own spec and seed, so rendering in
    parallel gives the same bytes as rendering in order; byte copies are filled in afterwards."""
    jobs, copies = [], []
    for sc in scenarios:
        by_key = {d.key: d for d in sc.docs}
        sample_doc = by_key.get("1.2") or (sc.docs[0] if sc.docs else None)
        sample_pdf = render.text_pdf(sample_doc)[0] if sample_doc else b""
        secret_doc = by_key.get("7.4") or sample_doc  # what the password-protected PDF holds
        for spec in sc.files:
            if spec.copy_of:
                copies.append(spec)
            else:
                jobs.append((spec, seed, sample_pdf, secret_doc if spec.broken == "encrypted" else sample_doc))
    # Scans first: they are the slow ones, so both workers stay busy to the end.
    jobs.sort(key=lambda j: (j[0].format not in ("scan_pdf", "bundle_pdf", "photo_jpg"), j[0].path))
    if workers > 1:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            done = dict(pool.map(_render_job, jobs, chunksize=4))
    else:
        done = dict(map(_render_job, jobs))
    for spec in copies:
        data = done[spec.copy_of][0]
        done[spec.path] = render_file(spec, seed, {spec.copy_of: data}, b"", None)
    return dict(sorted(done.items()))


def generate(out_dir: Path | str, truth_path: Path | str, seed: int = 2018,
             units: list[str] | None = None, quiet: bool = True, workers: int | None = None) -> dict:
    """Write the inbox under `out_dir` and the ground truth JSON; return the truth (plus stats)."""
    t0 = time.monotonic()
    out_dir, truth_path = Path(out_dir), Path(truth_path)
    catalog = load_catalog(DEFAULT_CONFIG_DIR / "catalog-2018-commune.yaml")
    scenarios = build(seed, catalog, units)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / ".complete").exists():
        raise SystemExit(f"{out_dir}: exists, is not empty and is not a generated sample inbox; not touching it")
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)

    truth: dict = {"period": "2018", "catalog": catalog.id, "units": [], "files": [],
                   "duplicate_groups": [], "template_siblings": []}
    stats = {"files": 0, "pages": 0, "scanned_pages": 0}
    gid = 0
    ranges_of: dict[str, list[tuple[int, int]]] = {}
    for path, (data, ranges, scanned) in _render_all(scenarios, seed, workers).items():
        ranges_of[path] = ranges
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        stats["files"] += 1
        stats["pages"] += sum(last - first + 1 for first, last in ranges)
        stats["scanned_pages"] += scanned
    for sc in scenarios:
        by_key = {d.key: d for d in sc.docs}
        doc_groups: dict[tuple[str, int], str] = {}
        for g in sc.dup_groups:
            gid += 1
            g_id = f"g{gid}"
            members = [[p, ranges_of[p][0][0]] for p in g["members"]]
            for p, first in members:
                doc_groups[(p, first)] = g_id
            truth["duplicate_groups"].append({"id": g_id, "unit": sc.info.name if sc.info else None,
                                              "members": members, "signal": g["signal"],
                                              "keep": [g["keep"], ranges_of[g["keep"]][0][0]]})
        for spec in sc.files:
            truth["files"].append(_file_entry(spec, ranges_of[spec.path], doc_groups))
        for a, b in sc.siblings:
            pair = []
            for key in (a, b):
                spec = next(f for f in sc.files if by_key[key] in f.docs)
                pair.append([spec.path, ranges_of[spec.path][spec.docs.index(by_key[key])][0]])
            truth["template_siblings"].append(pair)
        truth["units"].append(_unit_entry(sc, catalog, len(sc.dup_groups)))
    check_seed_table(truth)

    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (tmp / ".complete").write_text(f"generated by samples.generate, seed {seed}\n", encoding="utf-8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp.rename(out_dir)
    stats["seconds"] = round(time.monotonic() - t0, 1)
    if not quiet:
        print(f"{stats['files']} files, {stats['pages']} pages ({stats['scanned_pages']} scanned/photo) "
              f"in {stats['seconds']} s -> {out_dir}, truth {truth_path}")
    return {**truth, "_stats": stats}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="samples/inbox", help="inbox directory to write")
    ap.add_argument("--truth", default="samples/ground_truth.json", help="ground truth JSON to write")
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--units", default=None, help="comma-separated unit names (a subset, for quick tests)")
    ap.add_argument("--workers", type=int, default=None, help="render processes (default: 2 or the CPU count)")
    args = ap.parse_args(argv)
    units = [u.strip() for u in args.units.split(",")] if args.units else None
    try:
        render.check_fonts()  # before any worker starts: one line, not a traceback per process
        generate(args.out, args.truth, args.seed, units, quiet=False, workers=args.workers)
    except MissingFont as exc:
        print(f"samples.generate: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
