"""Suggestions ("có thể là") for a sub-criterion with a self-score but no evidence: the unit's
unmatched documents most likely to be its evidence, with a transparent score; never counted."""

from __future__ import annotations

import datetime as dt

import pytest
from test_analyze import mkdoc, mkfile, sa_table
from test_taught import decision

from pipeline.core.config import load_config
from pipeline.decide.analyze import analyze_unit
from pipeline.decide.taught import taught_rules

pytestmark = pytest.mark.usefixtures("english")

SURVEY = "Kế hoạch lấy ý kiến người dân về mức độ hài lòng với dịch vụ công năm 2018"


@pytest.fixture(scope="module")
def config():
    return load_config()


def files():
    sa = sa_table(c4_5=(4.0, []), c1_1=(4.0, []))
    return [
        mkfile("u/a tu danh gia.docx", "0" * 64, [mkdoc("u/a tu danh gia.docx", "0" * 64, 1,
                                                      "Báo cáo tự đánh giá chỉ số CCHC năm 2018", "BC", sa=sa)]),
        mkfile("u/b dieu tra.docx", "1" * 64, [mkdoc("u/b dieu tra.docx", "1" * 64, 1, SURVEY, "KH",
                                                   date=dt.date(2018, 3, 1))]),
        mkfile("u/c le hoi.docx", "2" * 64, [mkdoc("u/c le hoi.docx", "2" * 64, 1,
                                                 "Kế hoạch tổ chức lễ hội văn hóa năm 2018", "KH",
                                                 date=dt.date(2018, 3, 1))]),
    ]


def test_suggestions_are_listed_with_their_reasons_and_never_counted(config):
    draft = analyze_unit(config.units.units[0], "u", files(), config, "2018")
    crit = {c.code: c for c in draft.criteria}
    docs = {d.id: d for d in draft.documents}
    assert docs["d2"].criteria == []  # the wording the catalog misses
    sugg = crit["4.5"].suggestions
    assert [s.document for s in sugg] == ["d2"]  # the festival plan shares no subject word with 4.5
    assert sugg[0].score >= config.settings.matching.suggestion_floor
    assert "shared words:" in sugg[0].why and "người dân mức độ hài lòng" in sugg[0].why and "type KH accepted" in sugg[0].why
    assert crit["4.5"].documents == [] and crit["4.5"].draft_score == 0  # never counted
    assert "missing_evidence" in crit["4.5"].flags
    # no self-score, or evidence found: nothing suggested
    assert all(c.suggestions == [] for c in draft.criteria if c.self_score in (None, 0) or c.documents)


def test_a_reviewer_taught_title_raises_a_suggestion(config):
    plain = analyze_unit(config.units.units[0], "u", files(), config, "2018")
    # a taught title close to, but below the rule's threshold of, this one
    rules = taught_rules([decision("attach", "4.5", "Kế hoạch lấy ý kiến nhân dân về sự hài lòng đối với dịch vụ hành chính công năm 2017",
                                   "2017-12-20T09:00:00")])
    taught = analyze_unit(config.units.units[0], "u", files(), config, "2018", rules)
    before = next(c for c in plain.criteria if c.code == "4.5").suggestions[0]
    after = next(c for c in taught.criteria if c.code == "4.5").suggestions[0]
    if next(d for d in taught.documents if d.id == "d2").criteria:
        pytest.skip("the taught title was close enough to match outright")
    assert after.score > before.score and "reviewer Lan accepted on 2017-12-20" in after.why


def test_suggestions_can_be_switched_off(config):
    cfg = config.model_copy(deep=True)
    cfg.settings.matching.suggestions_max = 0
    draft = analyze_unit(cfg.units.units[0], "u", files(), cfg, "2018")
    assert all(c.suggestions == [] for c in draft.criteria)


def test_suggestions_on_the_real_titles_the_matcher_misses(config):
    """Aggregate only (tests/data/README.md: the measure half is never read title by title): for each real
    title the matcher misses, made the only document of a unit that scored itself on every sub-criterion,
    is its labelled sub-criterion among the suggestions? And how many suggestions do the negatives (other
    fields' documents) draw in that worst case? Floors at what the default settings reach."""
    from test_real_titles import as_document, load_corpus

    from pipeline.decide.matching import match_document
    from pipeline.decide.suggest import suggest

    codes = [c.code for c in config.catalog.criteria()]
    item_code = {i.id: c.code for c, i in config.catalog.items()}
    positives = found = misses = right = negatives = negative_pairs = 0
    for rec in load_corpus():
        doc = as_document(rec)
        matched = {m.criterion for m in match_document(doc, config.catalog, config.settings)}
        labelled = {item_code[i] for i in rec["items"]}
        if rec["kind"] == "negative":
            if matched:
                continue
            negatives += 1
            negative_pairs += len(suggest([("d1", doc)], {"d1": []}, codes, config.catalog, config.settings))
            continue
        positives += 1
        if labelled <= matched:
            found += 1
        elif not matched:
            misses += 1
            hit = bool(set(suggest([("d1", doc)], {"d1": []}, codes, config.catalog, config.settings)) & labelled)
            right += hit
            found += hit
    print(f"\nreal titles the matcher misses: labelled sub-criterion suggested for {right}/{misses}; "
          f"positives matched or suggested: {found}/{positives}; "
          f"negatives: {negative_pairs} suggestions over {negatives} titles (every sub-criterion wanted)")
    # The share of misses suggested falls whenever matching learns an easy title (0.59 on the 259-title
    # corpus, 0.52 after session 23's matching change): the floor is on what a reviewer sees in the end,
    # a positive either matched or suggested, which a better matcher never lowers.
    # 140/170 on the 347-title corpus, 203/247 on the 499-title one, 260/313 on the 750-title one, 298/373 on the
    # 936-title one, 326/419 on the 1087-title one, 344/450 on the 1238-title one, 378/500 on the 1351-title one,
    # 448/611 on the 1572-title one, 476/663 on the 1720-title one, 509/708 on the 1851-title one, 522/727 on the 1917-title one (the seventh to fourteenth rounds' positives are mostly ambiguous: letters,
    # directives, decisions setting up boards and contests, e-mail rules, summaries stored without their type
    # word, whose subject is the generic "cải cách hành chính" the word score leaves out); 528/728 on the 1943-title
    # one, 747/1040 on the 2554-title one, 765/1078 on the 2625-title one (the twenty-first round: 35 of its 38
    # positives ambiguous), 805/1151 on the 2906-title one (the twenty-second to twenty-fourth: 67 of 73 ambiguous), 839/1191 on the
    # 3019-title one, 854/1211 on the 3159-title one
    assert misses and found / positives >= 0.69
    assert negative_pairs <= 0.66 * negatives
