"""The header reader on real signed documents (../shared/real-docs): 13 files of a provincial
People's Committee, 11 scanned with the number and day written by hand, 2 born-digital with them
typed into signature widgets. Labelled by hand; scored by the set's own `score.py`.

The set is not part of this repository (it is the team's shared development material); the test
skips, saying so, where it is absent. One run of the whole pipeline (run_sequential: extraction,
OCR, classification) over its 42 pages, then the figures; ~2 minutes on 2 cores.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from pipeline.run.runner import run_sequential

REAL_DOCS = Path(__file__).resolve().parents[3] / "shared" / "real-docs"
# The goal of issue 13 on this set is 0.92 for every field; what this reader reaches is pinned
# here so that a regression shows (symbol 13/13, title 13/13, date 12/13 when written).
FLOOR = {"doc_type": 1.0, "symbol": 1.0, "date": 0.92, "title": 1.0}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REAL_DOCS / "truth.json").is_file(),
                       reason=f"the real signed documents are not here ({REAL_DOCS}): nothing to measure"),
]


def _scorer():
    spec = importlib.util.spec_from_file_location("real_docs_score", REAL_DOCS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def draft(tmp_path_factory, config):
    work = tmp_path_factory.mktemp("realdocs")
    unit = work / "inbox" / "Xa Vinh Thanh"
    unit.mkdir(parents=True)
    for pdf in sorted((REAL_DOCS / "files").glob("*.pdf")):
        shutil.copyfile(pdf, unit / pdf.name)
    run_sequential(work / "inbox", "2025", work / "out", work / "state", config, lang="en")
    return json.loads((work / "out" / "draft.json").read_text(encoding="utf-8"))


def _figures(draft):
    score = _scorer()
    truth = json.loads((REAL_DOCS / "truth.json").read_text(encoding="utf-8"))
    truth_docs = [t for t in truth["documents"] if int(t.get("first_page") or 1) == 1]
    drafts = score.draft_documents(draft)
    found = score.match(truth_docs, drafts)
    misses: list = []
    res = score.score(truth_docs, lambda ti: drafts[found[ti]] if ti in found else None, "kiemchung", misses)
    return res, misses


def test_every_header_field_reaches_its_floor(draft):
    res, misses = _figures(draft)
    print("\nreal-docs, kiemchung: " + ", ".join(f"{f} {ok}/{n}" for f, (ok, n) in res.items()))
    low = {f: f"{ok}/{n}" for f, (ok, n) in res.items() if n and ok / n < FLOOR[f]}
    assert not low, f"below the floor: {low}; misses: {misses}"


def test_no_field_comes_from_the_body(draft):
    """A body citation is never the document's own symbol or date: every symbol and date read
    says where it came from, and that is the header, a blank, a signature widget or its box."""
    allowed = ("header", "handwritten blank", "signature box", "gazette stamp")
    for unit in draft["units"]:
        for doc in unit["documents"]:
            for field in ("symbol", "date"):
                if doc[field] is None:
                    assert field in doc["unread"], (doc["file"], field)
                else:
                    where = doc["fields"][field]["where"]
                    assert where.startswith(allowed), (doc["file"], field, where)


def test_a_signing_day_given_for_an_unreadable_day_says_so(draft):
    for unit in draft["units"]:
        for doc in unit["documents"]:
            src = doc["fields"].get("date")
            if src and src["where"] in ("signature box", "gazette stamp"):
                assert "sign" in src["note"] and src["confidence"] < 0.7, doc["file"]
