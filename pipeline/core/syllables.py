"""Vietnamese syllables, for words a PDF's text layer or a typist glued together.

Vietnamese writes one syllable per word, and the spelling of a syllable is regular: an initial consonant,
a vowel nucleus, a final consonant that only some nuclei take. A text layer that lost the space between
two syllables ("thựchiện", "phêduyệt", "côngtác", "BANHÀNH": seen in real published titles and headers)
leaves a token no syllable spells. `unglue` splits such a token back into syllables, choosing the split
with the most syllables the caller knows (a catalog's own words), and only when one split is best: an
acronym ("PAPI"), a name ("Vincom") or a word of another language, with no known syllable, stays whole.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.core.normalize import strip_accents

# On folded text (no tones, đ → d, ư → u, ơ/ô → o, ă/â → a, ê → e).
_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
# Nuclei that may take a final consonant, and nuclei closed by a semivowel that take none ("ai", "ươi").
_OPEN = r"(?:uye|uo|ie|ye|ua|oa|oe|uy|ue|oo|a|e|i|o|u|y)"
_CLOSED = r"(?:ieu|yeu|uoi|uou|oai|oay|uay|uya|uyu|oeo|ai|ao|au|ay|eo|eu|ia|iu|oi|ua|ui|uu)"
# "ch" and "nh" close only a front nucleus ("ách", "ênh", "ích"); the others any open one.
_SYLLABLE = re.compile(rf"^{_INITIAL}(?:{_OPEN}(?:c|m|n|ng|p|t)?|[aeiy](?:ch|nh)|(?:oa|ue|uy)(?:ch|nh)|{_CLOSED})$")

_VOWELS = frozenset("aeiouy")

# A glued token is at most three syllables; longer runs are not a lost space.
MAX_GLUED_SYLLABLES = 3
_MIN_PART = 2


def is_syllable(folded: str) -> bool:
    """Whether a folded token spells one Vietnamese syllable ("thuc", "nguoi"; not "thuchien", "papi" does)."""
    return bool(_SYLLABLE.match(folded))


@lru_cache(maxsize=8192)
def _parses(token: str, parts: int) -> tuple[tuple[str, ...], ...]:
    """Every way to write `token` as 2..`parts` syllables."""
    out: list[tuple[str, ...]] = []
    for k in range(_MIN_PART, len(token) - _MIN_PART + 1):
        head, rest = token[:k], token[k:]
        if not is_syllable(head):
            continue
        if is_syllable(rest):
            out.append((head, rest))
        if parts > 2:
            out += [(head, *tail) for tail in _parses(rest, parts - 1)]
    return tuple(out)


def split_glued(token: str, known: frozenset[str]) -> tuple[str, ...] | None:
    """The syllables a glued token is written with: of the ways to spell it as syllables, the best by (each
    syllable after the first opens with a consonant, every syllable known, how many are known, fewest
    syllables), when no other is as good and one syllable at least is known. None: no syllable, or no one best
    way. A consonant between two vowels opens the next syllable ("phêduyệt" is "phê duyệt", not "phê du
    yệt"); one lost space is likelier than two."""
    if len(token) < 2 * _MIN_PART or not token.isalpha() or is_syllable(token):
        return None
    ranked = []
    for parse in _parses(token, MAX_GLUED_SYLLABLES):
        n = sum(p in known for p in parse)
        onsets = all(p[0] not in _VOWELS for p in parse[1:])
        ranked.append(((onsets, n == len(parse), n, -len(parse)), parse))
    if not ranked:
        return None
    best = max(key for key, _ in ranked)
    found = [parse for key, parse in ranked if key == best]
    # a split whose syllables do not all open with a consonant is more likely OCR's misspelling of one syllable
    # ("teuyền" for "truyền"), which fuzzy matching reads whole
    return found[0] if best[0] and best[2] and len(found) == 1 else None


def unglue(folded: str, known: frozenset[str]) -> str:
    """`folded` (accent-folded words) with each glued token written as its syllables (`split_glued`):
    "kiem tra congtac" → "kiem tra cong tac", "thuchien" → "thuc hien" when "thuc" and "hien" are known."""
    out: list[str] = []
    for token in folded.split():
        out.extend(split_glued(token, known) or (token,))
    return " ".join(out)



# Tone marks, as NFD writes them: a syllable carries one at most.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# The longest Vietnamese syllable is 7 letters ("nghiêng").
_MAX_SYLLABLE = 7
# Four letters at least, each standing alone: "K Ế H O Ạ C H", "Q U Y Ế T  Đ Ị N H". Fewer is an
# initial, a list's "a b c" or specks.
_SPACED_RUN = re.compile(r"(?<!\S)(?:[^\W\d_][ \u00a0]{1,3}){3,}[^\W\d_](?!\S)")
_GAP = re.compile(r"[ \u00a0]+")
# A heading or a title line is shorter; a longer run is no line of a header (and splitting it costs).
MAX_SPACED_LETTERS = 160
_SPACED_DIGITS = re.compile(r"(?<!\S)(?:\d[ \u00a0]{1,3})+\d(?!\S)")


def _folded_syllable(piece: str) -> str | None:
    """`piece` folded, when it spells one syllable with one tone mark at most; else None."""
    if sum(c in _TONES for c in unicodedata.normalize("NFD", piece)) > 1:
        return None
    folded = strip_accents(piece).lower()
    return folded if is_syllable(folded) else None


def _segment(letters: str, known: frozenset[str]) -> list[str] | None:
    """`letters` written as syllables: the fewest, then the fewest opening with a vowel ("BAN HÀNH", not
    "BANH ÀNH"), then one whose syllables the caller all knows, then the earlier syllables the longer
    ("THỰC HIỆN", not "THỰ CHIỆN"). None when no split spells syllables only."""
    best: list[tuple[tuple[int, int, bool, tuple[int, ...]], list[str]] | None] = [None] * (len(letters) + 1)
    best[0] = ((0, 0, False, ()), [])
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - _MAX_SYLLABLE), end):
            prev = best[start]
            folded = _folded_syllable(letters[start:end]) if prev else None
            if prev is None or folded is None:
                continue
            (count, vowels, unknown, lengths), parts = prev
            key = (count + 1, vowels + (start > 0 and folded[0] in _VOWELS), unknown or folded not in known,
                   (*lengths, -(end - start)))
            if best[end] is None or key < best[end][0]:
                best[end] = (key, [*parts, letters[start:end]])
    return best[-1][1] if best[-1] else None


def join_letter_spacing(line: str, known: frozenset[str] = frozenset()) -> str:
    """`line` with letter-spaced words written whole. A heading set with wide character spacing comes out
    of a PDF's text layer, or of OCR, one letter at a time ("K Ế  H O Ạ C H", "Q U Y Ế T Đ Ị N H"), and
    then no type word or title is found in it. Where the gaps differ, the wider ones are the word breaks;
    where they do not, the letters are split into syllables (`_segment`, `known`: folded syllables the
    caller expects). A run no split spells as syllables (an acronym "U B N D", specks) stays as it is."""
    def whole(m: re.Match[str]) -> str:
        run = m.group(0)
        if len(run) > 4 * MAX_SPACED_LETTERS:
            return run
        widths = {len(g) for g in _GAP.findall(run)}
        words = re.split(rf"[ \u00a0]{{{max(widths)}}}", run) if len(widths) > 1 else [run]
        out = []
        for word in words:
            parts = _segment(_GAP.sub("", word), known)
            if not parts:
                return run
            out.extend(parts)
        return " ".join(out) if len(out) < len(run.split()) else run

    joined = _SPACED_RUN.sub(whole, line)
    # the same spacing leaves a year or a number one digit at a time: "n ă m 2 0 2 4"
    return _SPACED_DIGITS.sub(lambda m: _GAP.sub("", m.group(0)), joined) if joined != line else line
