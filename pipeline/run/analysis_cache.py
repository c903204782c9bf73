"""The analysis cache: a unit's analysis is stored under a key of everything it depends on (the code,
the configuration, the period and language, the unit's files as read, the reviewers' decisions), so
an unchanged unit is never analysed again and a changed rule, message or file always is."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.config import Config
from pipeline.core.model import EXTRACT_VERSION, UnitDraft
from pipeline.core.vocabulary import vocabulary
from pipeline.run.store import open_store

if TYPE_CHECKING:
    from pipeline.run.runner import RunPlan, UnitJob


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of the pipeline's source and message catalogs: a changed analysis rule, or message,
    invalidates every cached analysis without anyone remembering to bump a version. Every module of
    every subpackage counts (`**/*.py`), and every catalog wherever it sits (`**/*.po`)."""
    return fingerprint_tree(PIPELINE_ROOT)


PIPELINE_ROOT = Path(__file__).resolve().parents[1]


def fingerprint_tree(root: Path) -> str:
    """sha256 of EXTRACT_VERSION and, in path order, each `.py` and `.po` file under `root`
    (recursively), by its path relative to `root` and its bytes."""
    h = hashlib.sha256(EXTRACT_VERSION.encode())
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.po")]):
        if "__pycache__" in path.parts:
            continue
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def unit_id(job: UnitJob) -> str:
    """The unit a job's analysis is stored under: its configured name, or its folder."""
    return job.unit.name if job.unit is not None else f"folder:{job.folder}"


def analysis_key(job: UnitJob, config: Config, period: str, lang: str, taught: tuple = ()) -> str:
    """sha256 of everything a unit's analysis depends on: the code, the whole configuration, the
    period and language, the unit and its folders, each file as read (path, content hash,
    status and message; the documents follow from the content hash, the code and the reading
    vocabulary), and the reviewers' decisions (a new one re-analyses)."""
    files = [ef.model_dump(mode="json", exclude={"documents", "seconds"}) for ef in job.files]
    basis = {"code": code_fingerprint(), "config": config.model_dump(mode="json"), "period": period,
             "vocabulary": vocabulary().model_dump(mode="json"),
             "lang": lang, "unit": job.unit.model_dump(mode="json") if job.unit else None,
             "folder": job.folder, "folders": job.folders, "files": files}
    if taught:  # without decisions the key is what it always was
        basis["taught"] = [r.model_dump(mode="json") for r in taught]
    return hashlib.sha256(json.dumps(basis, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def analyze_jobs(plan: RunPlan, jobs: list[UnitJob], analyze_missing) -> tuple[list[UnitDraft], int]:
    """Each job's unit draft entry: stored ones whose key still matches, the others from
    `analyze_missing(jobs) -> [entry]` (in this thread, or as Prefect tasks) and then stored.
    Returns (entries in job order, number served from the store)."""
    store = open_store(plan.store_url)
    keys = {unit_id(j): analysis_key(j, plan.config, plan.period, plan.lang, plan.taught) for j in jobs}
    stored = store.get_analyses(plan.inbox_key, keys)
    missing = [j for j in jobs if unit_id(j) not in stored]
    fresh = dict(zip((unit_id(j) for j in missing), analyze_missing(missing), strict=True))
    store.put_analyses(plan.inbox_key, {u: (keys[u], d.model_dump(mode="json")) for u, d in fresh.items()})
    # a stored entry is read back through the model: this run and the next write the same draft
    entries = {**{u: UnitDraft.model_validate(d) for u, d in stored.items()}, **fresh}
    return [entries[unit_id(j)] for j in jobs], len(stored)
