"""Suggestions ("có thể là"): for a sub-criterion the unit scored itself on but that has no evidence,
the unit's unmatched documents most likely to be that evidence. Shown to the reviewer, never counted:
a suggestion becomes evidence only when a reviewer attaches it (workbook column K, or the workspace).

The score of a (document, sub-criterion) pair is a sum a reviewer can check, each part named in `why`:

    score = WORDS_WEIGHT × words + TYPE_POINTS (type accepted) + TAUGHT_POINTS × taught similarity

*words* is the TF-IDF cosine (×100) between the document's title and the sub-criterion's wording
(its name, its items' titles, phrases and keywords), over syllables and syllable pairs of the folded
matching form, document-type words, "năm" and years left out (they say nothing about the subject);
function words and the syllables many sub-criteria use ("cải cách hành chính") left out too; the IDF
is taken over every sub-criterion's wording and the unit's candidate titles, so a word several
sub-criteria share weighs little. A document sharing no subject word is never suggested. *taught similarity* is how close the title is to a title a reviewer
attached to this code (only from `TAUGHT_FLOOR` up: closer titles were already matched by the rule).
The best `settings.matching.suggestions_max` documents scoring at least `suggestion_floor` are listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline.core.config import Catalog, Criterion, Settings
from pipeline.core.i18n import _
from pipeline.core.model import Document, Match, Suggestion
from pipeline.core.normalize import match_forms
from pipeline.decide.matching import prepare
from pipeline.decide.taught import TaughtRule, title_key

WORDS_WEIGHT = 0.7
TYPE_POINTS = 15.0
TAUGHT_POINTS = 15.0
TAUGHT_FLOOR = 60.0
_NUMBER = re.compile(r"^\d+$")
# Folded syllables that say nothing of a title's subject: function words, and "tổ chức" / "thực hiện"
# / "công tác", which any plan or report says ("Kế hoạch tổ chức lễ hội", "… thực hiện …").
FILLER = frozenset({"cua", "su", "ve", "va", "cac", "nhung", "cho", "tren", "doi", "voi", "viec", "tai", "trong",
                    "theo", "den", "duoc", "nay", "o", "tu", "la", "to", "chuc", "thuc", "hien", "cong", "tac"})


def _content(text: str, neutral: frozenset[str]) -> tuple[list[str], list[str]]:
    """(accented, folded) syllables of a text that say its subject."""
    accented, folded = match_forms(text)
    pairs = [(a, f) for a, f in zip(accented.split(), folded.split(), strict=False)
             if f not in neutral and not _NUMBER.match(f)]
    return [a for a, _f in pairs], [f for _a, f in pairs]


def _shared_runs(accented: list[str], folded: list[str], vocabulary: set[str]) -> list[str]:
    """The title's words found in the wording, consecutive ones kept together ("mức độ hài lòng")."""
    runs: list[str] = []
    current: list[str] = []
    for a, f in [*zip(accented, folded, strict=True), ("", "")]:
        if f and f in vocabulary:
            current.append(a)
        elif current:
            runs.append(" ".join(current))
            current = []
    return list(dict.fromkeys(runs))


def _profile(crit: Criterion) -> str:
    parts = [crit.name]
    for item in crit.items:
        parts += [item.title, *item.phrases, *item.keywords]
    return " . ".join(parts)


def suggest(
    docs: Sequence[tuple[str, Document]], matches: dict[str, list[Match]], wanted: Sequence[str],
    catalog: Catalog, settings: Settings, taught: Sequence[TaughtRule] = (),
    vetoed: dict[str, dict[str, str]] | None = None, duplicates: dict[str, str] | None = None,
) -> dict[str, list[Suggestion]]:
    """Code → suggestions, for the codes in `wanted` (self-score > 0, no evidence). Candidates are the
    unit's documents with a title that support nothing, are no self-assessment, no redundant copy,
    and were not removed from that code by a reviewer."""
    limit, floor = settings.matching.suggestions_max, settings.matching.suggestion_floor
    vetoed, duplicates = vetoed or {}, duplicates or {}
    candidates = [(did, d) for did, d in docs if d.meta.title and not d.is_self_assessment
                  and not matches.get(did) and did not in duplicates]
    if not wanted or not candidates or limit <= 0:
        return {}
    from sklearn.feature_extraction.text import TfidfVectorizer  # imported only when there is work

    prepared = prepare(catalog)
    # besides the type words and fillers, the syllables many sub-criteria use ("cải cách hành chính")
    neutral = prepared.neutral | FILLER | {syl for syl in prepared.syllable_df if prepared.generic(syl)}
    crits = {c.code: c for c in catalog.criteria()}
    profiles = {c.code: " ".join(_content(_profile(c), neutral)[1]) for c in catalog.criteria()}
    titles = {did: _content(d.meta.title, neutral) for did, d in candidates}
    corpus_codes = list(profiles)
    corpus = [profiles[c] for c in corpus_codes] + [" ".join(titles[did][1]) for did, _d in candidates]
    if not any(t.strip() for t in corpus[len(corpus_codes):]):
        return {}
    vec = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
    matrix = vec.fit_transform(corpus)  # rows are l2-normalized: a dot product is the cosine
    row_of_code = {c: i for i, c in enumerate(corpus_codes)}
    row_of_doc = {did: len(corpus_codes) + k for k, (did, _d) in enumerate(candidates)}
    profile_words = {c: set(p.split()) for c, p in profiles.items()}

    out: dict[str, list[Suggestion]] = {}
    for code in wanted:
        crit = crits.get(code)
        if crit is None:
            continue
        types = {t for item in crit.items for t in item.types}
        rules = [(r, title_key(r.title)) for r in taught if r.code == code and r.action == "attach"]
        rules = [(r, k) for r, k in rules if k]
        ranked: list[tuple[float, str, Suggestion]] = []
        for did, doc in candidates:
            if code in vetoed.get(did, {}):
                continue
            cos = float(matrix[row_of_code[code]].multiply(matrix[row_of_doc[did]]).sum())
            words = 100.0 * cos
            accented, folded = titles[did]
            shared = _shared_runs(accented, folded, profile_words[code])
            type_ok = doc.meta.doc_type in types
            best_rule, best_sim = None, 0.0
            key = title_key(doc.meta.title)
            for r, rkey in rules:
                sim = float(fuzz.ratio(rkey, key))
                if sim >= TAUGHT_FLOOR and sim > best_sim:
                    best_rule, best_sim = r, sim
            score = WORDS_WEIGHT * words + (TYPE_POINTS if type_ok else 0.0) + (
                TAUGHT_POINTS * best_sim / 100.0 if best_rule else 0.0)
            score = round(min(100.0, score), 1)
            if score < floor or (not shared and best_rule is None):
                continue  # a type alone never suggests a document
            reasons = [_("shared words: {words} (word score {score})").format(
                words=", ".join(shared) or "—", score=round(words, 1))]
            if type_ok:
                reasons.append(_("type {type} accepted (+{points})").format(type=doc.meta.doc_type,
                                                                            points=round(TYPE_POINTS)))
            if best_rule is not None:
                reasons.append(_("close to a title reviewer {reviewer} accepted on {date}: '{title}' (similarity "
                                 "{similarity})").format(reviewer=best_rule.reviewer, date=best_rule.decided_at[:10],
                                                         title=best_rule.title, similarity=round(best_sim, 1)))
            why = _("score {score}").format(score=score) + ": " + "; ".join(reasons)
            ranked.append((-score, did, Suggestion(document=did, score=score, why=why)))
        ranked.sort(key=lambda t: (t[0], int(t[1][1:]) if t[1][1:].isdigit() else 0))
        if ranked:
            out[code] = [s for _k, _d, s in ranked[:limit]]
    return out


__all__ = ["suggest"]
