"""Which sub-criteria a document supports, and why: all matching rules in one place.

Rules, strongest first:

1. **citation** — the unit's self-assessment cites the document's symbol for a code. Symbols are
   compared after `normalize_symbol` with rapidfuzz (OCR turns "05/KH-UBND" into "O5/KH-UBN D");
   the number part must agree (after reading OCR letters as digits: "O5" is 05), the best
   similarity wins and the cited date breaks ties.
2. **title** — the document's type is one the item accepts and its title (trích yếu) matches one
   of the item's catalog phrases. Scores are computed on the accent-folded form of `match_forms`
   (abbreviations expanded): the accented form only ever scores lower, since OCR and clerks drop
   accents, so folded tokens decide and the accented phrase is what we show.
3. **keywords** — body words of the item. They raise the score of a match made by 1 or 2 and say
   so; they never make a match on their own.
4. **reviewer** — what reviewers taught by attaching or removing documents: applied after 1–3 by
   `pipeline.decide.taught.apply_taught` (an attach adds a match, a removal vetoes one, whatever
   rule made it).

The title scorer, per item:

    score = coverage(best phrase) − contradiction penalty

*coverage* is the share of the phrase's syllables found in the title (exact, or fuzzy for OCR
noise on longer syllables, or two syllables glued together; on accent-folded syllables, but a typed title's
marks are trusted: a syllable it writes only with other marks, "bàn" for "bản", is another word); a whole term of the vocabulary
(`whole_terms`: "cải cách hành chính", "quy chế") counts only as far as its syllables stand side by
side ("cải cách thủ tục hành chính" is another programme). Because it ignores extra words, the
generic "kế hoạch cải cách hành chính năm" (1.1) covers "Kế hoạch tuyên truyền CCHC năm 2018"
fully. The *contradiction penalty* fixes that: every title syllable that belongs to the matching
phrase of ANOTHER item and that this item's phrases never use ("tuyên truyền", "kiểm tra",
"quý I", "6 tháng"…) costs `matching.contradiction_penalty` points (settings.yaml). So the most specific item wins, and
items that share all their words (the annual report → 1.2 and 1.3.Y) both stand. Two items whose
phrases the title holds whole, neither made of the other's words, both stand too (a combined plan);
and a competitor that covers the title less than an item does and too little to match itself
contradicts nothing. "năm" is never
a contradiction: nearly every title says "năm 2018". Among the periodic items (1.3) the period
decides: a title's period words, else `meta.period`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from pipeline.core.config import Catalog, Criterion, EvidenceItem, MatchingSettings, Settings
from pipeline.core.i18n import _
from pipeline.core.model import DocMeta, Document, FieldSource, Match, SelfAssessment, TextSource
from pipeline.core.normalize import VI_LOWER, VI_UPPER, fold, match_forms
from pipeline.core.syllables import unglue
from pipeline.core.vocabulary import vocabulary
from pipeline.read.casing import is_caps
from pipeline.read.periods import period_by_date_over_numeral, period_spans, period_syllables
from pipeline.read.symbols import SYMBOL_JUNK, normalize_symbol, symbol_key

# A word pair found in the phrases of this many criteria or more is generic, never a contradiction.
GENERIC_PAIR_CRITERIA = 3
# ... and a pair of two syllables each used by this many criteria ("kết quả cải cách") too.
GENERIC_SYLLABLE_CRITERIA = 5
# Syllables never counted as contradictions: "năm 2018" is in nearly every title, and period words
# ("quý I", "6 tháng đầu năm") are decided by the period rule, not by the penalty.
NEUTRAL_SYLLABLES = frozenset({"nam"})
# Fuzzy syllable equality (OCR noise) only for syllables this long; short ones must be exact.
FUZZY_SYLLABLE_MIN_LEN = 4
FUZZY_SYLLABLE_RATIO = 80.0
# A typed title's marks tell folded twins apart ("bàn" is no "bản") when at least this share of its marked
# syllables that the catalog writes are written as the catalog writes them.
TRUSTED_MARKS = 0.8

PERIOD_NAMES = {"Q1": "quý I", "H1": "6 tháng", "Q3": "9 tháng", "Y": "năm"}


# ---- the catalog, prepared once -------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    text: str  # as the catalog writes it
    folded: tuple[str, ...]  # syllables of the folded matching form
    core: tuple[str, ...] = ()  # what coverage measures: periodic items leave their period words
    # to the period rule, so a report whose period only the metadata knows still matches
    terms: tuple[tuple[int, int], ...] = ()  # spans of `core` that are whole terms (vocabulary `whole_terms`)
    accented: tuple[str, ...] = ()  # `core`'s syllables with their marks, as the catalog writes them


@dataclass
class PreparedItem:
    criterion: Criterion
    item: EvidenceItem
    phrases: list[Phrase]
    vocabulary: frozenset[str]  # every folded syllable of the item's phrases
    keywords: list[tuple[str, str]]  # (as written, folded matching form)
    excludes: list[tuple[str, str]]
    annual: bool = False  # a phrase says "năm": the item is about the whole year
    pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent syllable pairs of its phrases


@dataclass
class PreparedCatalog:
    catalog: Catalog
    items: list[PreparedItem]
    order: dict[str, int]  # criterion code → catalog position
    pair_df: dict[tuple[str, str], int] = field(default_factory=dict)  # pair → number of criteria using it
    neutral: frozenset[str] = NEUTRAL_SYLLABLES  # + the document-type words (the type rule decides)
    syllable_df: dict[str, int] = field(default_factory=dict)  # syllable → number of criteria using it
    marks: dict[str, frozenset[str]] = field(default_factory=dict)  # folded syllable → how the phrases write it

    def generic(self, syllable: str) -> bool:
        return self.syllable_df.get(syllable, 0) >= GENERIC_SYLLABLE_CRITERIA

    @cached_property
    def syllables(self) -> frozenset[str]:
        """Every syllable the catalog's phrases, exclusions and type words use (folded)."""
        excluded = {s for pi in self.items for _written, folded in pi.excludes for s in folded.split()}
        return frozenset(self.syllable_df) | self.neutral | excluded


_PREPARED: dict[int, PreparedCatalog] = {}


def _type_syllables(catalog: Catalog, items: list[PreparedItem]) -> frozenset[str]:
    """Syllables that only ever say a document type ("kế hoạch", "báo cáo"): the type rule decides
    those, so they never contradict. A type word's syllable also used otherwise in the phrases
    ("công" of "công văn" and of "công tác") stays meaningful."""
    words = sorted({tuple(match_forms(w)[1].split()) for t in catalog.doc_types.values() for w in t.title_words},
                   key=len, reverse=True)
    other: set[str] = set()
    for pi in items:
        for ph in pi.phrases:
            syl, i = ph.folded, 0
            while i < len(syl):
                w = next((w for w in words if w and syl[i:i + len(w)] == w), None)
                if w:
                    i += len(w)
                else:
                    other.add(syl[i])
                    i += 1
    return frozenset(s for w in words for s in w) - other


def _term_spans(core: tuple[str, ...], terms: list[tuple[str, ...]]) -> tuple[tuple[int, int], ...]:
    """Where the whole terms (folded syllables) stand in a phrase's syllables."""
    spans = []
    for term in terms:
        for i in range(len(core) - len(term) + 1):
            if core[i:i + len(term)] == term:
                spans.append((i, i + len(term)))
    return tuple(spans)


def prepare(catalog: Catalog) -> PreparedCatalog:
    """Folded phrases and vocabularies of every item (cached per catalog object)."""
    cached = _PREPARED.get(id(catalog))
    if cached is not None and cached.catalog is catalog:
        return cached
    terms = [tuple(match_forms(t)[1].split()) for t in vocabulary().whole_terms]
    activities = [(a, fa) for a in vocabulary().other_activities if (fa := match_forms(a)[1])]
    items = []
    for crit, item in catalog.items():
        phrases = []
        for p in item.phrases or [item.title]:
            accented, folded_text = match_forms(p)
            folded = tuple(folded_text.split())
            both = list(zip(folded, accented.split(), strict=True))
            if item.periodic_report:
                drop = period_syllables(folded) | {"nam"}
                both = [(f, a) for f, a in both if f not in drop] or both
            core = tuple(f for f, _a in both)
            phrases.append(Phrase(p, folded, core, _term_spans(core, terms), tuple(a for _f, a in both)))
        vocab = frozenset(s for p in phrases for s in p.folded)
        kws = [(k, match_forms(k)[1]) for k in item.keywords]
        exc = [(k, match_forms(k)[1]) for k in item.exclude]
        # the activities a title may be a plan or report of instead ("Kế hoạch tổ chức Hội nghị tổng kết CCHC"),
        # unless this item's own phrases name that activity
        said = [f" {' '.join(p.folded)} " for p in phrases]
        exc += [(a, fa) for a, fa in activities if not any(f" {fa} " in ph for ph in said)]
        annual = item.periodic_report is None and any("nam" in p.folded for p in phrases)
        pairs = frozenset(pr for p in phrases for pr in zip(p.folded, p.folded[1:], strict=False))
        items.append(PreparedItem(crit, item, phrases, vocab, kws, exc, annual, pairs))
    pair_df: dict[tuple[str, str], int] = {}
    syllable_df: dict[str, int] = {}
    for crit in catalog.criteria():
        for pair in {pr for pi in items if pi.criterion is crit for pr in pi.pairs}:
            pair_df[pair] = pair_df.get(pair, 0) + 1
        for syl in {s for pi in items if pi.criterion is crit for s in pi.vocabulary}:
            syllable_df[syl] = syllable_df.get(syl, 0) + 1
    type_words = _type_syllables(catalog, items)
    marks: dict[str, set[str]] = {}
    for pi in items:
        for ph in pi.phrases:
            for f, a in zip(ph.core, ph.accented, strict=True):
                marks.setdefault(f, set()).add(a)
    prepared = PreparedCatalog(catalog, items, {c.code: i for i, c in enumerate(catalog.criteria())},
                               pair_df, NEUTRAL_SYLLABLES | type_words, syllable_df,
                               {f: frozenset(a) for f, a in marks.items()})
    _PREPARED[id(catalog)] = prepared
    return prepared


# ---- title scoring --------------------------------------------------------------------------


def _syllable_similarity(s: str, t: str) -> float:
    """1.0 for the same syllable; for a longer one OCR garbled ("tuyen" read "tuyem"), the similarity
    (0..1) when at least FUZZY_SYLLABLE_RATIO; else 0: short syllables must be exact."""
    if s == t:
        return 1.0
    if len(s) < FUZZY_SYLLABLE_MIN_LEN or len(t) < FUZZY_SYLLABLE_MIN_LEN - 1:
        return 0.0
    return fuzz.ratio(s, t, score_cutoff=FUZZY_SYLLABLE_RATIO) / 100.0


def _fuzzy_syllable(phrase: Sequence[str], i: int, title: Sequence[str]) -> float:
    """OCR-noisy syllable: similar enough AND anchored by an exact neighbour at the same offset, so
    'tuyen' never matches an unrelated 'tren' elsewhere in the title."""
    if len(phrase[i]) < FUZZY_SYLLABLE_MIN_LEN:
        return 0.0
    best = 0.0
    for j, t in enumerate(title):
        anchored = (i > 0 and j > 0 and phrase[i - 1] == title[j - 1]) or (
            i + 1 < len(phrase) and j + 1 < len(title) and phrase[i + 1] == title[j + 1])
        if anchored:
            best = max(best, _syllable_similarity(phrase[i], t))
    return best


@lru_cache(maxsize=4096)
def _holds_whole(term: tuple[str, ...], title: tuple[str, ...]) -> bool:
    """The title holds the term's syllables side by side: exactly, two of them glued ("caicach"), or
    garbled by OCR (each longer syllable similar enough, as `_fuzzy_syllable` allows). Cached: every
    item's phrases ask it of the same title, most of them for the same term."""
    joined = " " + " ".join(title) + " "
    n = len(term)
    for glue in range(1 << (n - 1)):  # every way of gluing neighbours: "cai cach hanh chinh", "caicach hanh chinh" …
        text = term[0] + "".join(("" if glue >> k & 1 else " ") + term[k + 1] for k in range(n - 1))
        if f" {text} " in joined:
            return True
    for j in range(len(title) - n + 1):
        if all(_syllable_similarity(s, t) for s, t in zip(term, title[j:j + n], strict=True)):
            return True
    return False


def coverage(phrase: Sequence[str], title: Sequence[str], title_set: frozenset[str] | None = None,
             terms: Sequence[tuple[int, int]] = (), accented: Sequence[str] = (),
             twins: dict[str, frozenset[str]] | None = None) -> float:
    """0..100: how much of the phrase's syllables the title holds (order-free, OCR-tolerant). A whole
    term's syllables (`terms`: spans of the phrase) count only as far as the title holds them side by
    side: "cải cách thủ tục hành chính" holds "cải cách" and "hành chính", not "cải cách hành chính".
    With the phrase's `accented` syllables and a typed title's `twins` (`title_twins`), a syllable the title
    writes only with other marks is another word ("bàn" of "địa bàn" is no "bản", "thủ" no "thư")."""
    if not phrase:
        return 0.0
    title_set = title_set if title_set is not None else frozenset(title)
    sims = [1.0 if s in title_set else 0.0 for s in phrase]
    if twins and accented:
        for i, s in enumerate(phrase):
            if sims[i] and (forms := twins.get(s)) is not None and accented[i] not in forms:
                sims[i] = 0.0
    # Two syllables glued by OCR or typing ("caicach") count for both.
    for i in range(len(phrase) - 1):
        if (sims[i] < 1.0 or sims[i + 1] < 1.0) and phrase[i] + phrase[i + 1] in title_set:
            sims[i] = sims[i + 1] = 1.0
    # OCR noise is looked for only when at least half the phrase is there letter for letter: below
    # that the phrase cannot reach a threshold anyway, and fuzzy search is the costly part.
    if sum(sims) >= len(phrase) / 2:
        for i, s in enumerate(sims):
            if s < 1.0:
                sims[i] = _fuzzy_syllable(phrase, i, title)
    title_t = tuple(title)
    for a, b in terms:
        if any(sims[a:b]) and not _holds_whole(tuple(phrase[a:b]), title_t):
            # Only the longest piece (more than half the term) the title holds side by side counts: "cải
            # cách hành" (OCR lost "chính") keeps its three; "cải cách thủ tục hành chính" keeps none.
            keep = _longest_piece_held(tuple(phrase[a:b]), title_t)
            sims[a:b] = [v if keep[0] <= k < keep[1] else 0.0 for k, v in enumerate(sims[a:b])]
    return 100.0 * sum(sims) / len(phrase)


def _longest_piece_held(term: tuple[str, ...], title: tuple[str, ...]) -> tuple[int, int]:
    """The longest run term[i:j] of more than half the term's syllables the title holds whole, as (i,
    j); (0, 0) when none: one syllable of a term says nothing of it (the "quy" of "quy định" is no
    "quy chế"), nor does half of it (the "cải cách" of "cải cách chế độ công vụ", another reform)."""
    for size in range(len(term) - 1, max(1, len(term) // 2), -1):
        for i in range(len(term) - size + 1):
            if _holds_whole(term[i:i + size], title):
                return i, i + size
    return 0, 0


@dataclass
class TitleScore:
    item: PreparedItem
    coverage: float
    phrase: Phrase
    penalty: float
    contradictions: list[str] = field(default_factory=list)
    whole: list[Phrase] = field(default_factory=list)  # the item's phrases the title holds whole

    @property
    def score(self) -> float:
        return max(0.0, self.coverage - self.penalty)


def _outcovered(other: TitleScore, ts: TitleScore, matching: MatchingSettings) -> bool:
    """A competitor that covers the title less than this item does and too little to match at all
    does not contradict it: "Báo cáo kết quả thực hiện công tác CCHC năm 2023 và phương hướng,
    nhiệm vụ năm 2024" is the annual report, although 1.6's "thực hiện nhiệm vụ được giao" shares
    its "nhiệm vụ"."""
    return other.coverage < ts.coverage and other.coverage < _base_threshold(other.item, matching)


def _both_named(ts: TitleScore, other: TitleScore, neutral: frozenset[str], title_syl: tuple[str, ...]) -> bool:
    """The title holds a phrase of this item and one of the competitor whole, names this item's subject
    first, and the competitor is no more specific version of this item (none of its whole phrases is made
    of the competitor's words only): the title is this item's document, and the competitor's words are
    what it is about, not a contradiction.
    "Kế hoạch kiểm tra công tác CCHC, kiểm soát TTHC" is the inspection plan (1.5) of those two fields,
    not the TTHC control plan (3.1), named second; the generic "kế hoạch cải cách hành chính" (1.1)
    still gives way to "kế hoạch tuyên truyền cải cách hành chính" (1.4), whose words hold it."""
    return (bool(ts.whole) and bool(other.whole)
            and not any(set(ph.folded) - neutral <= other.item.vocabulary for ph in ts.whole)
            and _first_own_word(ts, other, neutral, title_syl) < _first_own_word(other, ts, neutral, title_syl))


def _first_own_word(ts: TitleScore, other: TitleScore, neutral: frozenset[str], title_syl: tuple[str, ...]) -> int:
    """Where the title first says a word of this item's whole phrases that the competitor's lack: where it
    names this item's subject."""
    own = {w for ph in ts.whole for w in ph.folded} - {w for ph in other.whole for w in ph.folded} - neutral
    return next((i for i, w in enumerate(title_syl) if w in own), len(title_syl))


def spell_type_code(title: str, catalog: Catalog) -> str:
    """A title opening with its type's code, as clerks and e-office lists write it ("KH kiểm tra công tác
    CCHC …", "BC kết quả …"), with the type's word in its place ("Kế hoạch kiểm tra …"); the code only
    as the catalog spells it (or in lower case, in a title all in lower case) and only as the title's first
    word (inside a title "KH" is a symbol's)."""
    first, _sep, rest = title.lstrip().partition(" ")
    t = catalog.doc_types.get(first)
    if t is None and title == title.lower():
        # a list stored in lower case ("kh kiểm tra công tác cchc …"): its code too
        t = next((dt for code, dt in catalog.doc_types.items() if code.lower() == first), None)
    if not rest or t is None or not t.title_words:
        return title
    word = t.title_words[0]
    return word[:1].upper() + word[1:] + " " + rest


# A document's number or a date inside a title ("1098/QĐ-UBND", "57-NQ/TW", "05/01/2024"): whose number it is,
# never what the title is about.
_NUMBER_IN_TITLE = re.compile(r"(?<![\w/])\d+[\w.-]*(?:/[\w.&-]+)+")


# A word glued to the acronym or number before it ("CCHCtrên", "PBGDpháp", "quý 1năm"), or a number to the word
# before it ("hành chính6 tháng"); a code's own lower-case letter ("TTg", "TTr") is one letter, not a word.
_GLUED_TO_ACRONYM_OR_NUMBER = re.compile(rf"(?:(?<=[A-ZĐ][A-ZĐ])|(?<=\d))(?=[{VI_LOWER}]{{2,}})|(?<=[{VI_LOWER}]{{2}})(?=\d)")


# A place's name after its level word ("huyện Bảo Lâm", "xã Cao Minh", "tỉnh Tuyên Quang", "Thành phố Hồ Chí Minh",
# "Quận 8"): the name's syllables are no subject's ("Bảo" folds like the "báo" of "báo cáo", "Lâm" like "làm", "Minh"
# and "Cao" make a report's words). Names are title-case words (or a number); a period's or a link word ends them, an
# acronym is no name ("cấp xã CCHC"). The level word stays: "cán bộ, công chức xã" says it.
_PLACE_LEVEL = re.compile(r"\b(?:xã|phường|thị trấn|thị xã|huyện|quận|tỉnh|thành phố|tp\.?|tx\.)\s+", re.IGNORECASE)
# "(trên / tại) địa bàn" right before a place's level word: the place is where the document applies.
_IN_AREA = re.compile(r"(?:\b(?:trên|tại)\s+)?\bđịa\s+bàn\s+$", re.IGNORECASE)
_NOT_A_NAME = frozenset("quý năm tháng giai đoạn và về trên của theo đến từ lần nhiệm kỳ tại với cho".split())


def _place_name_end(title: str, start: int) -> int:
    """Where the name starting at `start` ends (`start` when no name starts there)."""
    end = start
    for m in re.finditer(r"\S+", title[start:]):
        word = m.group().rstrip(",.;:)")
        if (not word or word.casefold() in _NOT_A_NAME or m.start() > (end - start) + 1
                or not (word[0].isdigit() or (word[0].isupper() and not word.isupper())) or m.start() > 40):
            break
        end = start + m.start() + len(word)
        if word != m.group():
            break  # a comma or a stop ends the name
    return end


def _in_capitals(title: str) -> bool:
    """Whether half the title's letters at least are capitals (no letters: as good as): its names cannot be told
    from its other words by their case. Half, not a heading's share (`is_caps`): a title is read whole as soon as
    case no longer tells its names apart."""
    return not any(c.isalpha() for c in title) or is_caps(title, share=0.5)


def without_place_names(title: str) -> str:
    """`title` with the names of the places it names left out (see `_PLACE_LEVEL`); a title in capitals is left as
    it is (its names cannot be told from its words)."""
    if _in_capitals(title):
        return title
    out, last = [], 0
    for m in _PLACE_LEVEL.finditer(title):
        if m.start() < last:
            continue
        end = _place_name_end(title, m.end())
        if (area := _IN_AREA.search(title, last, m.start())) is not None:
            # "… trên địa bàn xã Cao Minh": where, whole; its level word is no officials' "xã" ("công chức xã")
            out.append(title[last:area.start()])
            last = end
        elif end > m.end():
            out.append(title[last:m.end()])
            last = end
    return "".join(out) + title[last:]


# The body a document is of or at, named after "của / tại / thuộc" ("Kế hoạch CCHC năm 2022 của Sở Thông tin và
# Truyền thông", "… của Văn phòng HĐND và UBND huyện", "… tại Sở Kế hoạch và Đầu tư"): whose document it is, not what
# it is about. Its words ("thông tin", "truyền", "kế hoạch", "hội đồng") are not the subject's. Not the bodies that
# are an item's own subject: the People's Committee (its working rules, 5.1), the one-stop office ("Bộ phận Một cửa",
# "Trung tâm Phục vụ hành chính công", 4.1), and see `_NOT_OWNED_AFTER`.
_OWNER_BODY = re.compile(
    r"\b(?:của|tại|thuộc)\s+(?=(?:Sở|Phòng|Văn phòng|Thanh tra|Chi cục|Cục|Tổng cục|Kho bạc|Công an|Bộ(?! [Pp]hận| [Cc]hỉ)"
    r"|Đài|Bảo hiểm|Viện|Trường|Bệnh viện|Ban|Hội|Ủy ban [Mm]ặt trận|Uỷ ban [Mm]ặt trận|Chi nhánh|Công ty"
    r"|Trung tâm(?! [Pp]hục vụ))\b)")
# A cited document's issuer: "… số 12/BC-UBND ngày 05/01/2024 của UBND xã Vĩnh Thành về …", "… ngày 08 tháng 12 năm
# 2020 của Ủy ban nhân dân tỉnh về …" (the People's Committee too: it issued the document, the subject follows "về").
_CITED_ISSUER = re.compile(r"(?:\bngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\bnăm\s+\d{4}),?\s+của\s+(?=\S)",
                           re.IGNORECASE)
# What ends a body's name: a link word, a period's word, punctuation.
# ("vềtuyên truyền": a text layer glued "về" to the next word)
_OWNER_END = re.compile(r"[,;:()“”\"]|\svề|\s(?:v/v|năm|ngày|số|giai đoạn|nhiệm kỳ|quý|tháng|đợt|lần|theo|trên|đối với|"
                        r"của|tại|thuộc|từ|đến|và các|để|phê duyệt|ban hành|quy định|hướng dẫn|triển khai|thực hiện|"
                        r"sửa đổi|bổ sung|công bố|giao|kiện toàn|thành lập|phân công|đánh giá|xếp loại)\b", re.IGNORECASE)
# A body's name is a few words; more is the title going on.
MAX_OWNER_WORDS = 9
# "Kế hoạch hoạt động (năm 2023) của Ban Chỉ đạo cải cách hành chính", "kết luận của Thanh tra tỉnh": the body's name
# is what the document is about.
_NOT_OWNED_AFTER = re.compile(r"(?:kết luận|kiến nghị|hoạt động(?:\s+năm\s+\d{4})?)\s*$", re.IGNORECASE)


_OWNER_BODY_IN_CAPITALS = re.compile(_OWNER_BODY.pattern, re.IGNORECASE)


def without_owner_bodies(title: str) -> tuple[str, list[str]]:
    """`title` without the names of the bodies it says it is of or at (see `_OWNER_BODY`), and those names. In a title
    in capitals ("… TẠI SỞ NỘI VỤ QUÝ I NĂM 2022") a body's name is known by its first word in any case; where it ends
    `_OWNER_END` says, in any case."""
    owner_body = _OWNER_BODY_IN_CAPITALS if _in_capitals(title) else _OWNER_BODY
    kept, owners, last = [], [], 0
    starts = sorted([*owner_body.finditer(title), *_CITED_ISSUER.finditer(title)], key=lambda m: m.start())
    for m in starts:
        if m.start() < last or _NOT_OWNED_AFTER.search(title[: m.start()]):
            continue
        stop = _OWNER_END.search(title, m.end() + 1)
        end = stop.start() if stop else len(title)
        if len(title[m.end():end].split()) > MAX_OWNER_WORDS:
            continue
        kept.append(title[last:m.end()])
        owners.append(title[m.end():end])
        last = end
    if not owners:
        return title, []
    return "".join(kept) + title[last:], owners


# The year's theme quoted after "chủ đề (năm …)": a slogan ("Nâng cao hiệu quả hoạt động công vụ, đẩy mạnh cải cách
# hành chính …") whose words are the theme's, not the document's subject; a report "on the year's theme" is no CCHC
# report, a propaganda plan "on CCHC and the year's theme" still a propaganda plan.
# Unquoted, the slogan runs from its capital to the next quote, bracket or "của" ("Chủ đề năm 2023 Nâng cao chất lượng
# hoạt động công vụ, đẩy mạnh cải cách hành chính …\" của UBND/Q.TB").
_THEME_SLOGAN = re.compile(r"(\bch[uủ]\s+[đd][eề](?:\s+(?:c[uủ]a\s+)?n[aă]m(?:\s+\d{4})?)?\s*)"
                           rf"(?:[“\"«][^”\"»]{{0,400}}[”\"»]|(?=[{VI_UPPER}])[^“”\"«»()]{{0,400}}?(?=\s+của\s|[“”\"«»()]|$))",
                           re.IGNORECASE)


def _title_forms(title: str, prepared: PreparedCatalog) -> tuple[str, str]:
    """The title's accented matching form and `title_match_form`."""
    title = _THEME_SLOGAN.sub(r"\1", title)
    title = _GLUED_TO_ACRONYM_OR_NUMBER.sub(" ", _NUMBER_IN_TITLE.sub(" ", without_place_names(title)))
    accented, folded = match_forms(spell_type_code(title, prepared.catalog))
    return accented, unglue(folded, prepared.syllables)


def title_match_form(title: str, prepared: PreparedCatalog) -> str:
    """The title as every title rule reads it, computed once: folded, abbreviations expanded, a leading type
    code spelled, syllables a text layer glued written apart ("côngtác" is "công tác" when the catalog says
    both). Numbers and symbols in the title say nothing: the "UBND" of a cited "1098/QĐ-UBND" is no "ủy ban
    nhân dân" of a phrase or an exclusion."""
    return _title_forms(title, prepared)[1]


def title_twins(title: str, prepared: PreparedCatalog) -> dict[str, frozenset[str]]:
    """For a typed title whose marks are to be trusted, each folded syllable it writes only with marks, and how:
    "trên địa bàn" gives {"ban": {"bàn"}}, so a phrase's "bản" is not found in it. A syllable also written bare
    (a clerk who typed no marks there) is left out: that one may be any of its twins. Marks are trusted when
    the title's marked syllables the catalog knows are mostly written as the catalog writes them
    (`TRUSTED_MARKS`): a legacy font's conversion or a careless typist ("Kê hoach cai cách hành chinh nám") puts
    marks on the wrong letters, and then none is."""
    return _twins_of(_title_forms(title, prepared)[0], prepared)


def _twins_of(accented: str, prepared: PreparedCatalog) -> dict[str, frozenset[str]]:
    """`title_twins` of a title's accented matching form (`_title_forms`)."""
    forms: dict[str, set[str]] = {}
    for word in accented.split():
        forms.setdefault(fold(word), set()).add(word)
    twins = {f: frozenset(ws) for f, ws in forms.items() if f not in ws}
    known = [(f, w) for f, ws in twins.items() if f in prepared.marks for w in ws]
    if not known or sum(w in prepared.marks[f] for f, w in known) < TRUSTED_MARKS * len(known):
        return {}
    return twins


def score_title(title: str, prepared: PreparedCatalog, matching: MatchingSettings) -> list[TitleScore]:
    """Every item's title score for this title (type and period not yet considered); the penalty and
    the contradictors' coverage are `settings.matching`'s."""
    return score_folded_title(title_match_form(title, prepared), prepared, matching)


def score_folded_title(folded: str, prepared: PreparedCatalog, matching: MatchingSettings,
                       twins: dict[str, frozenset[str]] | None = None) -> list[TitleScore]:
    """`score_title` over a title's `title_match_form` (and, typed, its `title_twins`)."""
    title_syl = tuple(folded.split())
    tset = frozenset(title_syl)
    raw: list[TitleScore] = []
    for pi in prepared.items:
        best_cov, best_phrase, whole = -1.0, pi.phrases[0], []
        for ph in pi.phrases:
            cov = coverage(ph.core, title_syl, tset, ph.terms, ph.accented, twins)
            if cov >= 100.0:
                whole.append(ph)
            if cov > best_cov or (cov == best_cov and len(ph.folded) > len(best_phrase.folded)):
                best_cov, best_phrase = cov, ph
        raw.append(TitleScore(pi, best_cov, best_phrase, 0.0, whole=whole))
    # Word pairs of other items that match this title contradict the items that never use them.
    # Items of the same criterion never contradict each other: type and period tell them apart.
    # Pairs common to many criteria ("kết quả", "công tác", "cải cách") say nothing specific.
    contradictors = [ts for ts in raw if ts.coverage >= matching.contradictor_coverage]
    neutral = prepared.neutral | period_syllables(title_syl)
    title_pairs = frozenset(zip(title_syl, title_syl[1:], strict=False))
    for ts in raw:
        pairs: set[tuple[str, str]] = set()
        for other in contradictors:
            if (other.item.criterion is ts.item.criterion or _outcovered(other, ts, matching)
                    or _both_named(ts, other, neutral, title_syl)):
                continue
            for pair in zip(other.phrase.folded, other.phrase.folded[1:], strict=False):
                if (pair in title_pairs and pair not in ts.item.pairs
                        and not (pair[0] in ts.item.vocabulary and pair[1] in ts.item.vocabulary)
                        and pair[0] not in neutral and pair[1] not in neutral
                        and prepared.pair_df.get(pair, 0) < GENERIC_PAIR_CRITERIA
                        and not (prepared.generic(pair[0]) and prepared.generic(pair[1]))):
                    pairs.add(pair)
        ts.contradictions = sorted(" ".join(p) for p in pairs)
        ts.penalty = matching.contradiction_penalty * len(pairs)
    return raw


# ---- citations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """The self-assessment cites this document for `code` as `cited` (similarity `score`)."""

    code: str
    cited: str
    score: float
    date_confirmed: bool = False
    cited_date: dt.date | None = None  # the date the self-assessment gives, when it gives one


@dataclass(frozen=True)
class RefusedCitation:
    """A citation that names a document of the inbox by its symbol, but whose date contradicts
    that document's and whose title belongs to other sub-criteria: not evidence, flagged."""

    code: str
    cited: str
    cited_date: dt.date
    document: str  # document id
    symbol: str | None
    date: dt.date
    title: str | None
    title_codes: tuple[str, ...]  # the sub-criteria the document's title matches


def _contradicted(doc: Document, cit: Citation, title_codes: Iterable[str]) -> bool:
    """The cited date is not the document's, and its title matches other sub-criteria but not
    the cited one: the self-assessment meant another document of the same number."""
    codes = set(title_codes)
    return (cit.cited_date is not None and doc.meta.date is not None and cit.cited_date != doc.meta.date
            and bool(codes) and cit.code not in codes)


_DIGITS = re.compile(r"\d+")


# The first characters of a document hold its header: issuer, symbol, place and date.
HEADER_CHARS = 400


def _header_key(doc: Document) -> str:
    """The header in the symbol key's spelling (folded, upper case, no spaces, leading zeros dropped)."""
    head = SYMBOL_JUNK.sub("", fold(doc.text[:HEADER_CHARS]).upper())
    return re.sub(r"(?<!\d)0+(?=\d)", "", head)


def _number(symbol: str) -> str | None:
    m = _DIGITS.match(symbol)
    return (m.group(0).lstrip("0") or "0") if m else None


def resolve_citations(
    docs: Sequence[tuple[str, Document]], sa: SelfAssessment | None, settings: Settings
) -> dict[str, list[Citation]]:
    """Document id → the citations that designate it.

    Per cited symbol: the documents whose symbol is at least `citation_symbol_threshold` similar
    and whose number is the cited number (05 and 06 are 90 % similar, and two documents); the most
    similar wins, the cited date breaking ties; a similar symbol with another date is rejected.
    """
    out: dict[str, list[Citation]] = {}
    if sa is None:
        return out
    threshold = settings.matching.citation_symbol_threshold
    candidates = [(did, d, symbol_key(d.meta.symbol)) for did, d in docs
                  if d.meta.symbol and not d.is_self_assessment]
    # Documents whose symbol the metadata reader missed (a smudged header): their header text.
    headless = [(did, d, _header_key(d)) for did, d in docs if not d.meta.symbol and not d.is_self_assessment]
    for code, row in sorted(sa.rows.items()):
        for k, cited in enumerate(row.cited):
            if not cited:
                continue
            cited_date = row.cited_dates[k] if k < len(row.cited_dates) else None
            c_norm = symbol_key(cited)
            c_num = _number(c_norm)
            ranked: list[tuple[float, bool, str]] = []
            for did, d, d_norm in candidates:
                sim = float(fuzz.ratio(c_norm, d_norm))
                if sim < threshold:
                    continue
                date_ok = cited_date is not None and d.meta.date == cited_date
                d_num = _number(d_norm)
                if c_num and d_num and c_num != d_num:
                    continue  # 51/BC and 58/BC of one day are two documents, however alike
                if cited_date is not None and d.meta.date is not None and not date_ok and sim < 100:
                    continue  # a similar symbol with another date is another document
                ranked.append((sim, date_ok, did))
            if not ranked and c_num:
                # Last resort: the cited symbol written in the header of a document without a symbol,
                # same number, and the cited date agreeing when both are known.
                strict = max(threshold, settings.matching.header_symbol_threshold)
                for did, d, header in headless:
                    if cited_date is not None and d.meta.date is not None and d.meta.date != cited_date:
                        continue
                    sim = float(fuzz.partial_ratio(c_norm, header))
                    if sim >= strict and c_num in _DIGITS.findall(header):
                        ranked.append((sim, cited_date is not None and d.meta.date == cited_date, did))
            if not ranked:
                continue
            ranked.sort(key=lambda r: (-r[0], not r[1], r[2]))
            top_sim, top_date = ranked[0][0], ranked[0][1]
            for sim, date_ok, did in ranked:
                if sim == top_sim and date_ok == top_date:
                    lst = out.setdefault(did, [])
                    if not any(c.code == code for c in lst):
                        lst.append(Citation(code, cited, sim, date_ok, cited_date))
    return out


# ---- one document ---------------------------------------------------------------------------


def _period_of(doc: Document, prepared: PreparedCatalog) -> str | None:
    """Quarter or month words of the title, else the metadata's period, else 'năm' in the title
    (weakest: "năm 2018" names the year of any document). A number or a syllable glued to its words is read
    apart, as the title's items are ("hành chính6 tháng" is a half-year's, "hành chínhquý I" a quarter's)."""
    folded = unglue(match_forms(_GLUED_TO_ACRONYM_OR_NUMBER.sub(" ", doc.meta.title or ""))[1], prepared.syllables)
    slip = period_by_date_over_numeral(folded, doc.meta.date)
    if slip is not None:
        return slip[0]
    spans = period_spans(folded)
    if spans:
        return spans[0][2]
    return doc.meta.period or ("Y" if "nam" in folded.split() else None)


def period_by_date(date) -> str:
    """A periodic report is written at the end of its period: the month says which one it is
    (used only for a cited report whose title and metadata name no period)."""
    return {1: "Y", 2: "Q1", 3: "Q1", 4: "Q1", 5: "H1", 6: "H1", 7: "H1", 8: "Q3", 9: "Q3", 10: "Q3"}.get(
        date.month, "Y")


def _period_fits(pi: PreparedItem, period: str | None) -> bool:
    """Periodic items need their period; an item whose phrases say "năm" (the annual plan, the
    annual results report) does not take a quarter's or half-year's document."""
    want = pi.item.periodic_report
    if want is not None:
        return want == period
    if pi.annual and period in ("Q1", "H1", "Q3"):
        return False
    return True


def _type_accepted(pi: PreparedItem, doc_type: str | None) -> bool:
    return doc_type is None or doc_type in pi.item.types


def _excluded(pi: PreparedItem, title_folded: str, owners_folded: Sequence[str] = ()) -> str | None:
    """The item's exclusion the title holds, or the body it is of when its name starts with one, after at most one
    word ("Quy chế làm việc của Hội đồng nhân dân xã", "… của Ban Thanh tra nhân dân xã" are a council's and a board's,
    not the People's Committee's; "… của Văn phòng HĐND và UBND" is an office's, whatever its name holds)."""
    padded = f" {title_folded} "
    heads = [(f"{o} ", f"{o.partition(' ')[2]} ") for o in owners_folded]
    for written, folded in pi.excludes:
        if folded and (f" {folded} " in padded
                       or any(a.startswith(f"{folded} ") or b.startswith(f"{folded} ") for a, b in heads)):
            return written
    return None


def _keyword_support(pi: PreparedItem, body_folded: str) -> list[str]:
    padded = f" {body_folded} "
    return [w for w, f in pi.keywords if f and f" {f} " in padded]


def _base_threshold(pi: PreparedItem, matching: MatchingSettings) -> float:
    """The item's own title threshold, else the settings' one."""
    return pi.item.threshold if pi.item.threshold is not None else matching.title_threshold


def _threshold(pi: PreparedItem, settings: Settings, doc_type: str | None, typed_text: bool) -> float:
    """The score a title needs: the item's threshold, raised when the type is unknown and when the
    title was not read by OCR (`typed_text`, see `title_typed`)."""
    m = settings.matching
    return (_base_threshold(pi, m) + (m.unknown_type_margin if doc_type is None else 0.0)
            + (m.typed_title_margin if typed_text else 0.0))


def title_typed(doc: Document) -> bool:
    """Whether the title was read from typed text (a DOCX, a PDF's text layer) rather than by OCR.
    A phrase partly missing from a typed title is other wording, not OCR noise: on the real-title
    corpus's tune half every clean title covers its phrase whole (100) and the negatives that come
    closest cover 76-81, so typed titles are held to the middle of that gap, and the lower
    threshold is kept for OCR'd ones, whose syllables a scan may have garbled."""
    return bool(doc.pages) and doc.pages[0].source != TextSource.OCR


def type_from_title(title_folded: str, catalog: Catalog) -> str | None:
    """The catalog type whose title word starts the (folded) title, the longest word winning."""
    best: tuple[int, str] | None = None
    for code, t in catalog.doc_types.items():
        for w in t.title_words:
            wf = match_forms(w)[1]
            if wf and (title_folded == wf or title_folded.startswith(wf + " ")):
                if best is None or len(wf) > best[0]:
                    best = (len(wf), code)
    return best[1] if best else None


def with_type_word(title_folded: str, doc_type: str | None, title_type: str | None, catalog: Catalog) -> str:
    """The (folded) title opened by its type's word when the page printed the summary alone: a header whose
    type word was left out or lost ("Kết quả thực hiện công tác CCHC quý I năm 2022" under "Số: 12/BC-UBND"),
    a register that stores the trích yếu only. The catalog's phrases name the document by its type word ("báo
    cáo … quý i"), so without it a summary covers three quarters of its phrase. A letter's "V/v" or "Về việc"
    is no type word of a decision's or a report's ("Về việc ban hành Kế hoạch …" under "Số: 5/QĐ-UBND").
    `title_type`: the type whose word opens the title (`type_from_title`), computed once by the caller."""
    t = catalog.doc_types.get(doc_type or "")
    if t is None or not t.title_words or title_type not in (None, "CV") or doc_type == "CV":
        return title_folded
    return match_forms(t.title_words[0])[1] + " " + title_folded


# "Quyết định ban hành Kế hoạch …", "… phê duyệt Kế hoạch …": a decision that promulgates a plan or
# a regulation is accepted by reviewers as that plan or regulation (it is attached to the decision).
# The verb may follow the decision's own number, date and issuer, as portals print it ("Quyết định
# số 65/QĐ-UBND ngày … của UBND huyện … về việc ban hành Kế hoạch …").
# "phêduyệt": a page or OCR that glued the verb's two syllables still says it
_PLAN_OR_RULES = r"(ke hoach|quy che)\b"
_PROMULGATES = re.compile(r"\b(?:ban ?hanh|phe ?duyet|ve)\s+(?:kem theo\s+)?" + _PLAN_OR_RULES)
_PROMULGATED_TYPE = {"ke hoach": "KH", "quy che": "QC"}


def promulgated_type(doc_type: str | None, title_folded: str) -> str | None:
    """The type of the plan or regulation a decision promulgates ('KH', 'QC'), else None."""
    if doc_type not in (None, "QĐ"):
        return None
    m = _PROMULGATES.search(title_folded)
    return _PROMULGATED_TYPE[m.group(1)] if m else None


# "… ban hành Quy chế chi tiêu nội bộ và Quy chế quản lý, sử dụng tài sản công", "Kế hoạch CCHC và Kế hoạch
# tuyên truyền CCHC": a second plan or regulation named with its own type word after "và".
_SECOND_DOCUMENT = re.compile(rf"\s+va\s+(?={_PLAN_OR_RULES})")


def documents_named(folded: str) -> list[str]:
    """The (folded) title as the documents it names: one, or two when a plan or regulation names a second one
    with its own type word; the second keeps the first's "Quyết định ban hành" so that it is read as promulgated
    too. Each is matched on its own: one title's two documents do not contradict each other. A plan of two
    subjects ("Kế hoạch kiểm tra công tác CCHC và kiểm soát TTHC") names one document."""
    m = _SECOND_DOCUMENT.search(folded)
    if m is None:
        return [folded]
    head = folded[: m.start()]
    verb = _PROMULGATES.search(head)
    if verb is None and not re.match(_PLAN_OR_RULES, head):
        return [folded]
    return [head, (head[: verb.start(1)] if verb else "") + folded[m.end():]]


def title_candidates(doc: Document, prepared: PreparedCatalog, settings: Settings) -> list[TitleScore]:
    """Items the title matches, best item per criterion, in catalog order."""
    title = doc.meta.title
    if not title or doc.is_self_assessment:
        return []
    period = _period_of(doc, prepared)
    subject, owners = without_owner_bodies(title)
    accented, whole = _title_forms(subject, prepared)
    owners_folded = [title_match_form(o, prepared) for o in owners]
    # Unknown type: the title's first words may still say it ("Báo cáo …" is no plan, nor "BC …").
    title_type = type_from_title(whole, prepared.catalog)
    doc_type = doc.meta.doc_type or title_type
    whole = with_type_word(whole, doc_type, title_type, prepared.catalog)
    typed = title_typed(doc)
    twins = _twins_of(accented, prepared) if typed else None
    best: dict[str, TitleScore] = {}
    for folded in documents_named(whole):
        promulgated = promulgated_type(doc_type, folded)
        for ts in score_folded_title(folded, prepared, settings.matching, twins):
            pi = ts.item
            accepted = _type_accepted(pi, doc_type) or (promulgated is not None and _type_accepted(pi, promulgated))
            if not accepted or not _period_fits(pi, period):
                continue
            if ts.score < _threshold(pi, settings, doc.meta.doc_type, typed):
                continue
            excluded = _excluded(pi, folded, owners_folded)
            if excluded and not _activity_after_subject(excluded, pi, folded, prepared, settings.matching):
                continue
            code = pi.criterion.code
            cur = best.get(code)
            if cur is None or (ts.score, len(ts.phrase.folded)) > (cur.score, len(cur.phrase.folded)):
                best[code] = ts
    _drop_explained_away(best, subject, prepared)  # the bodies it is of are no words of its subject
    return sorted(best.values(), key=lambda t: prepared.order[t.item.criterion.code])


def _activity_after_subject(term: str, pi: PreparedItem, folded: str, prepared: PreparedCatalog,
                            matching: MatchingSettings) -> bool:
    """Whether an exclusion is another activity (`other_activities`) named only as a second subject after "và", the
    title before it holding one of the item's phrases whole: "Kế hoạch tổ chức kiểm tra công tác cải cách hành chính
    … và công tác cải thiện Chỉ số PAPI" is the inspection plan (1.5) that also covers the index's work."""
    if term not in vocabulary().other_activities:
        return False
    head, sep, _rest = folded.partition(" va ")
    if not sep or f" {match_forms(term)[1]} " in f" {head} ":
        return False
    return any(ts.item is pi and ts.coverage >= 100.0 for ts in score_folded_title(head, prepared, matching))


def _drop_explained_away(best: dict[str, TitleScore], title: str, prepared: PreparedCatalog) -> None:
    """Drop a partial match whose words of its own are mostly missing from the title while another
    criterion's FULL match explains the rest: "Kế hoạch cải cách hành chính tỉnh … năm 2014" holds
    all of 1.1's phrase, and of 1.4's "kế hoạch tuyên truyền cải cách hành chính" only words 1.1's
    phrase has too; 1.4's own words ("tuyên truyền") are not there. A word inside a proper name does
    not count: the "Tuyên" of "Tuyên Quang" is no "tuyên truyền". Words common to many criteria ("kết quả",
    "công tác") are no item's own: "BC kết quả thực hiện công tác CCHC 6 tháng đầu năm" is the half-year report,
    and 1.5's "báo cáo kết quả tự kiểm tra công tác CCHC" is not there: of its own words "tự kiểm tra" the title
    holds less than half (a "Từ" of a date range folds like "tự")."""
    full = [ts for ts in best.values() if ts.coverage >= 100.0]
    if not full:
        return
    words = title.split()
    names: set[str] = set()
    if not title.isupper():  # in a title in capitals every word looks like a name: keep them all
        for w in words[1:]:
            if w[:1].isupper() and not w.isupper():
                names.update(match_forms(w)[1].split())
    content = frozenset(match_forms(title)[1].split()) - names
    for code, ts in list(best.items()):
        if ts.coverage >= 100.0:
            continue
        for f in full:
            own = {w for w in set(ts.phrase.folded) - set(f.phrase.folded) if not prepared.generic(w)}
            if f.item.criterion is not ts.item.criterion and own and 2 * len(own & content) < len(own):
                del best[code]
                break


def item_for(doc: Document, criterion: Criterion, prepared: PreparedCatalog, settings: Settings) -> EvidenceItem:
    """The evidence item of `criterion` a cited document fills: type and period first, then title."""
    pis = [pi for pi in prepared.items if pi.criterion.code == criterion.code]
    period = _period_of(doc, prepared)
    if period is None and doc.meta.date is not None and any(pi.item.periodic_report for pi in pis):
        period = period_by_date(doc.meta.date)
    scores = ({id(ts.item): ts.score for ts in score_title(doc.meta.title, prepared, settings.matching)}
              if doc.meta.title else {})

    def rank(pi: PreparedItem) -> tuple:
        return (doc.meta.doc_type in pi.item.types, _period_fits(pi, period) and (
            pi.item.periodic_report is None or period is not None), scores.get(id(pi), 0.0))

    return max(pis, key=rank).item


def _title_why(doc: Document, ts: TitleScore) -> str:
    why = _title_why_plain(doc, ts)
    if ts.item.item.periodic_report:
        slip = period_by_date_over_numeral(match_forms(doc.meta.title or "")[1], doc.meta.date)
        if slip is not None:
            why += "; " + slip[1]
    return why


def _title_why_plain(doc: Document, ts: TitleScore) -> str:
    as_type = promulgated_type(doc.meta.doc_type, match_forms(doc.meta.title or "")[1])
    if as_type is not None and doc.meta.doc_type not in ts.item.item.types:
        what = _("plan") if as_type == "KH" else _("regulation")
        return _("Decision promulgating a {what}: counted as the {what}; title '{title}' matches catalog phrase "
                 "'{phrase}' (score {score})").format(what=what, title=doc.meta.title, phrase=ts.phrase.text,
                                                      score=round(ts.score, 1))
    if doc.meta.doc_type:
        return _("Title '{title}' matches catalog phrase '{phrase}' (score {score}, type {type} accepted)").format(
            title=doc.meta.title, phrase=ts.phrase.text, score=round(ts.score, 1), type=doc.meta.doc_type)
    return _("Title '{title}' matches catalog phrase '{phrase}' (score {score}; type unknown, so a stricter "
             "threshold applied)").format(title=doc.meta.title, phrase=ts.phrase.text, score=round(ts.score, 1))


def match_document(
    doc: Document,
    catalog: Catalog,
    settings: Settings,
    citations: Iterable[Citation] | None = None,
) -> list[Match]:
    """The sub-criteria `doc` supports, one `Match` per criterion, in catalog order.

    `citations` are this document's citations (from `resolve_citations`). A self-assessment
    report supports nothing.
    """
    if doc.is_self_assessment:
        return []
    prepared = prepare(catalog)
    by_code: dict[str, Match] = {}
    titles = {ts.item.criterion.code: ts for ts in title_candidates(doc, prepared, settings)}
    for cit in citations or ():
        crit = catalog.criterion(cit.code)
        if crit is None or cit.code in by_code or _contradicted(doc, cit, titles):
            continue  # a contradicted citation is not evidence: `refused_citations` flags it
        ts = titles.get(cit.code)
        item = ts.item.item if ts else item_for(doc, crit, prepared, settings)
        why = _("Cited for {code} in the self-assessment as {symbol} (symbol similarity {score})").format(
            code=cit.code, symbol=cit.cited, score=round(cit.score, 1))
        if cit.date_confirmed:
            why += "; " + _("the cited date matches")
        if ts:
            why += "; " + _title_why(doc, ts)
        by_code[cit.code] = Match(criterion=cit.code, item=item.id, rule="citation", score=round(cit.score, 1),
                                  phrase=cit.cited, why=why)
    for code, ts in titles.items():
        if code in by_code:
            continue
        by_code[code] = Match(criterion=code, item=ts.item.item.id, rule="title", score=round(ts.score, 1),
                              phrase=ts.phrase.text, why=_title_why(doc, ts))
    if by_code:
        body = match_forms(doc.text[:20000])[1]
        for m in by_code.values():
            pi = next(p for p in prepared.items if p.item.id == m.item)
            found = _keyword_support(pi, body)
            if found:
                bonus = min(settings.matching.keyword_bonus_max, float(len(found)))
                if m.rule == "title":
                    m.score = round(min(100.0, m.score + bonus), 1)
                m.why += "; " + _("the body mentions {words}").format(words=", ".join(found))
    return sorted(by_code.values(), key=lambda m: prepared.order[m.criterion])


def numbers_from_citations(
    docs: Sequence[tuple[str, Document]], sa: SelfAssessment | None
) -> dict[str, DocMeta]:
    """Document id → its metadata with the number (and day) filled from the self-assessment, for
    documents whose number blank is empty or unreadable: "Quyết định số 47/QĐ-UBND ngày 17/01/2025"
    fits a header read as "Số: … /QĐ-UBND", "ngày … tháng 01 năm 2025". Only a citation that fits
    exactly one such document, and a document that exactly one citation fits; said in the field's
    provenance."""
    if sa is None:
        return {}
    open_docs = [(did, d) for did, d in docs if not d.meta.symbol and d.meta.symbol_code and d.meta.blank_day_month
                 and not d.is_self_assessment]
    if not open_docs:
        return {}
    cited = {}
    for code, row in sorted(sa.rows.items()):
        for k, sym in enumerate(row.cited):
            date = row.cited_dates[k] if k < len(row.cited_dates) else None
            if sym and date is not None:
                cited.setdefault((sym, date), []).append(code)
    fits: dict[str, list[tuple[str, dt.date, list[str]]]] = {}
    taken: dict[tuple[str, dt.date], list[str]] = {}
    for (sym, date), codes in cited.items():
        key = symbol_key(sym)
        num, _sep, tail = key.partition("/")
        if not num.isdigit():
            continue
        for did, d in open_docs:
            if tail == symbol_key("1/" + d.meta.symbol_code).partition("/")[2] and f"{date:%Y-%m}" == d.meta.blank_day_month:
                fits.setdefault(did, []).append((sym, date, codes))
                taken.setdefault((sym, date), []).append(did)
    out = {}
    by_id = dict(docs)
    for did, found in fits.items():
        if len(found) != 1 or len(taken[(found[0][0], found[0][1])]) != 1:
            continue  # two citations fit this document, or this citation fits two: no guess
        sym, date, codes = found[0]
        meta = by_id[did].meta.model_copy(deep=True)
        meta.symbol, meta.number = normalize_symbol(sym), symbol_key(sym).partition("/")[0]
        note = _("the number blank (Số: … /{code}) is empty or unreadable; the self-assessment cites {symbol} of "
                 "{date} for {codes}, which fits the printed code and the month").format(
            code=meta.symbol_code, symbol=sym, date=date.strftime("%d/%m/%Y"), codes=", ".join(codes))
        meta.sources["symbol"] = FieldSource(where="citation", confidence=0.7, note=note)
        meta.unread.pop("symbol", None)
        if meta.date is None:
            meta.date = date
            meta.sources["date"] = FieldSource(where="citation", confidence=0.6, note=note)
            meta.unread.pop("date", None)
        out[did] = meta
    return out


def refused_citations(
    docs: Sequence[tuple[str, Document]], catalog: Catalog, settings: Settings, sa: SelfAssessment | None
) -> list[RefusedCitation]:
    """The self-assessment's citations `match_document` refuses as contradicted (issue: a cited
    "3/QĐ-UBND ngày 8/1/2018" for 5.2 while the inbox's 3/QĐ-UBND is of 05/01/2018 and about the
    internal spending rules of 7.1)."""
    prepared = prepare(catalog)
    out = []
    by_id = dict(docs)
    for did, cits in resolve_citations(docs, sa, settings).items():
        doc = by_id[did]
        codes = [ts.item.criterion.code for ts in title_candidates(doc, prepared, settings)]
        for cit in cits:
            if _contradicted(doc, cit, codes):
                out.append(RefusedCitation(cit.code, cit.cited, cit.cited_date, did, doc.meta.symbol,
                                           doc.meta.date, doc.meta.title, tuple(codes)))
    return sorted(out, key=lambda r: (prepared.order.get(r.code, 0), r.document))


def match_documents(
    docs: Sequence[tuple[str, Document]], catalog: Catalog, settings: Settings, sa: SelfAssessment | None
) -> dict[str, list[Match]]:
    """Document id → matches, for all documents of one unit."""
    cites = resolve_citations(docs, sa, settings)
    return {did: match_document(d, catalog, settings, cites.get(did, ())) for did, d in docs}


__all__ = [
    "Citation", "PERIOD_NAMES", "RefusedCitation", "numbers_from_citations", "refused_citations", "coverage", "match_document", "match_documents",
    "prepare", "resolve_citations", "score_title", "item_for",
]
