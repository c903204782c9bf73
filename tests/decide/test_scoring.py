"""Scoring rules: on time, late (half), outside the year (zero), undated (full), caps, totals."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.config import load_config
from pipeline.decide.scoring import best_for_item, item_points, score_criterion, totals

D = dt.date


@pytest.fixture(scope="module")
def cat():
    return load_config().catalog


def item(cat, item_id):
    return next(i for _c, i in cat.items() if i.id == item_id)


def test_item_points_rules(cat):
    plan = item(cat, "1.1")  # 4 points, deadline 31/01
    assert item_points(plan, D(2018, 1, 10), 2018) == (4, "on_time")
    assert item_points(plan, D(2018, 1, 31), 2018) == (4, "on_time")
    assert item_points(plan, D(2018, 2, 1), 2018) == (2, "late")
    assert item_points(plan, D(2017, 12, 28), 2018) == (0, "wrong_period")
    assert item_points(plan, D(2019, 1, 5), 2018) == (0, "wrong_period")
    assert item_points(plan, None, 2018) == (4, "undated")
    report = item(cat, "1.2")  # no deadline
    assert item_points(report, D(2018, 12, 30), 2018) == (4, "no_deadline")


def test_best_document_of_an_item_counts(cat):
    plan = item(cat, "1.1")
    r = best_for_item(plan, [("d3", D(2018, 3, 1)), ("d7", D(2018, 1, 15)), ("d9", None)], 2018)
    assert (r.document, r.points, r.status) == ("d7", 4, "on_time")
    r = best_for_item(plan, [], 2018)
    assert (r.document, r.points, r.status) == (None, 0, "missing")


def test_criterion_sums_items_and_caps(cat):
    c13 = cat.criterion("1.3")
    sup = {"1.3.Q1": [("d1", D(2018, 3, 15))], "1.3.H1": [("d2", D(2018, 6, 25))],  # H1 late: 0.5
           "1.3.Q3": [("d3", D(2017, 9, 15))], "1.3.Y": [("d4", D(2018, 12, 15))]}  # Q3 wrong year: 0
    sc = score_criterion(c13, sup, None, 2018)
    assert sc.evidence == 2.5 and sc.draft == 2.5
    assert sc.documents == ["d1", "d2", "d3", "d4"]
    assert [r.status for r in sc.items] == ["on_time", "late", "wrong_period", "on_time"]


def test_self_score_caps_the_draft(cat):
    c11 = cat.criterion("1.1")
    sup = {"1.1": [("d1", D(2018, 1, 10))]}
    assert score_criterion(c11, sup, 3, 2018).draft == 3  # evidence 4, self-score 3
    assert score_criterion(c11, sup, 3, 2018).evidence == 4
    assert score_criterion(c11, sup, 9, 2018).draft == 4  # never above max
    assert score_criterion(c11, {}, 4, 2018).draft == 0
    assert score_criterion(c11, sup, None, 2018).draft == 4  # no self-score: the evidence


def test_totals_and_classification(cat):
    scores = {}
    for crit in cat.criteria():
        sup = {i.id: [("d1", D(2018, 1, 2))] for i in crit.items}
        scores[crit.code] = score_criterion(crit, sup, None, 2018)
    t = totals(cat, scores)
    assert t.total == 100 and t.classification == "Rất tốt"
    assert t.areas == {"1": 25, "2": 6, "3": 15, "4": 18, "5": 8, "6": 13, "7": 7, "8": 8}
    scores["4.3"] = score_criterion(cat.criterion("4.3"), {}, None, 2018)
    scores["6.4"] = score_criterion(cat.criterion("6.4"), {}, None, 2018)
    t = totals(cat, scores)
    assert t.total == 90 and t.classification == "Rất tốt"
    scores["1.1"] = score_criterion(cat.criterion("1.1"), {}, None, 2018)
    assert totals(cat, scores).classification == "Tốt"


def test_late_factor_is_the_catalogs(cat):
    plan = item(cat, "1.1")  # 4 points, deadline 31/01
    assert cat.late_factor == 0.5
    assert item_points(plan, D(2018, 2, 1), 2018, late_factor=0.25) == (1, "late")
    crit = cat.criterion("1.1")
    assert score_criterion(crit, {"1.1": [("d1", D(2018, 3, 1))]}, None, 2018, late_factor=0.0).draft == 0
