"""Find the same document submitted more than once: byte copies, rescans, photocopies, the DOCX and
its printed scan.

Signals, each confirmed before two documents are joined:

* **hash** — the same bytes (the document key holds the file's sha256 and first page);
* **text** — MinHash/LSH over accent-folded word shingles finds candidates (never all pairs), then a
  direct rapidfuzz ratio of the normalized texts must reach `settings.dedupe.text_similarity`;
* **image** — page perceptual hashes within `settings.dedupe.image_hash_distance` bits, looked up
  through a multi-index of hash chunks (pigeonhole: two hashes within d bits agree within d // m
  bits on one of m chunks), and only when one of the two has too little trustworthy text.

Documents of one template differ in what matters: the Q1 and Q3 reports share most of their words.
So a text or image pair is vetoed when both documents carry a symbol and the normalized symbols
differ, both are dated and the dates differ, both name a period and the periods differ, or the
numbers in their bodies differ materially. Groups are the connected components (union-find) of the
confirmed pairs; each keeps its best copy: born-digital first (DOCX, then a PDF text layer), then
the highest OCR confidence.
"""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.core.config import DedupeSettings, Settings
from pipeline.core.model import Document, DuplicateGroup, TextSource
from pipeline.core.normalize import fold
from pipeline.read.symbols import symbol_key

LSH_WEIGHTS = (0.05, 0.95)  # (false positive, false negative) weights of the band/row choice
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class Fingerprint:
    """What dedupe needs of one document, computed once."""

    id: str
    words: list[str]  # folded words
    text: str  # folded words joined by one space
    numbers: frozenset[str]
    symbol: str | None
    date: str | None
    period: str | None
    sha_key: str  # sha256 prefix + first page: equal for byte-identical files
    image_hashes: list[int]
    text_poor: bool  # too little text, or OCR below the confidence floor
    rank: tuple  # smaller is a better copy to keep
    pages: int
    file: str


@dataclass
class DedupeStats:
    documents: int = 0
    candidate_pairs: int = 0  # pairs actually compared (text ratio or image distance)
    confirmed_pairs: int = 0
    vetoed_pairs: int = 0


def _norm_symbol(symbol: str | None) -> str | None:
    return symbol_key(symbol) if symbol else None


def _numbers(text: str) -> frozenset[str]:
    """Figures of the body, as digit strings ('1.234' and '1234' meet). Single digits are left out:
    list numbering, and the debris of a number OCR split in two."""
    out = (re.sub(r"[.,]", "", n).lstrip("0") for n in _NUMBER.findall(text))
    return frozenset(n for n in out if len(n) >= 2)


def _rank(doc: Document) -> tuple:
    src = doc.provenance.source
    order = {TextSource.DOCX: 0, TextSource.TEXT_LAYER: 1, TextSource.OCR: 2}.get(src, 3)
    if doc.ocr and order < 2:
        order = 2
    conf = doc.provenance.ocr_confidence
    if conf is None:
        confs = [p.ocr_confidence for p in doc.pages if p.ocr_confidence is not None]
        conf = sum(confs) / len(confs) if confs else None
    return (order, -(conf if conf is not None else 1.0))


def fingerprint(doc_id: str, doc: Document, settings: Settings) -> Fingerprint:
    words = _WORD.findall(fold(doc.text))
    conf = doc.provenance.ocr_confidence
    poor = len(words) < settings.dedupe.min_words or (doc.ocr and conf is not None and conf < settings.ocr.low_confidence)
    hashes = []
    for p in doc.pages:
        if p.image_hash:
            try:
                hashes.append(int(p.image_hash, 16))
            except ValueError:
                pass
    return Fingerprint(
        id=doc_id,
        words=words,
        text=" ".join(words),
        numbers=_numbers(doc.text),
        symbol=_norm_symbol(doc.meta.symbol),
        date=doc.meta.date.isoformat() if doc.meta.date else None,
        period=doc.meta.period,
        sha_key=doc.key,
        image_hashes=hashes if len(hashes) == len(doc.pages) else [],
        text_poor=poor,
        rank=(*_rank(doc), doc.provenance.file, doc.provenance.first_page),
        pages=doc.page_count,
        file=doc.provenance.file,
    )


# ---- vetoes ---------------------------------------------------------------------------------


def veto(a: Fingerprint, b: Fingerprint, ds: DedupeSettings) -> str | None:
    """Why two similar documents are nevertheless different documents, or None."""
    if a.symbol and b.symbol and a.symbol != b.symbol:
        return "symbol"
    if a.date and b.date and a.date != b.date:
        return "date"
    if a.period and b.period and a.period != b.period:
        return "period"
    if a.numbers and b.numbers:
        changed = changed_numbers(a.numbers, b.numbers)
        if changed >= ds.min_number_diff and changed > ds.number_diff_share * max(len(a.numbers), len(b.numbers)):
            return "numbers"
    return None


def changed_numbers(a: frozenset[str], b: frozenset[str]) -> int:
    """Figures of one text with no counterpart in the other. A number one digit away from a number of
    the other text is an OCR slip (120 read as 12O → 12, 118 as 116), not a changed figure."""
    only_a, only_b = a - b, b - a

    def unmatched(xs: frozenset[str], ys: frozenset[str]) -> int:
        return sum(1 for x in xs if not any(Levenshtein.distance(x, y, score_cutoff=1) <= 1 for y in ys))

    return max(unmatched(only_a, only_b), unmatched(only_b, only_a))


# ---- candidate search -----------------------------------------------------------------------


# datasketch ≥ 2.0 names its permutation scheme and wants it said when permutations are reused.
_SCHEME = {"scheme": "affine32"} if "scheme" in inspect.signature(MinHash).parameters else {}


class _Permutations:
    """MinHash permutations generated once per size (datasketch draws them per object otherwise)."""

    _cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def get(cls, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
        if num_perm not in cls._cache:
            cls._cache[num_perm] = MinHash(num_perm=num_perm, seed=1, **_SCHEME).permutations
        return cls._cache[num_perm]

    @classmethod
    def minhash(cls, num_perm: int) -> MinHash:
        return MinHash(num_perm=num_perm, permutations=cls.get(num_perm), **_SCHEME)


# Letters OCR confuses, read as one: a rescan's "cóng tác" (folded "cong tac") and "eong tae" must give
# the same shingles, or one wrong letter in a word spoils all k shingles around it.
_OCR_CLASSES = str.maketrans({"e": "c", "o": "c", "0": "c", "l": "i", "1": "i", "j": "i", "u": "n", "h": "b"})


def _ocr_key(word: str) -> str:
    return word.replace("rn", "m").replace("cl", "d").translate(_OCR_CLASSES)


def _shingles(words: list[str], k: int) -> set[bytes]:
    """k-word shingles of the folded words, each word reduced to its OCR-confusion key."""
    keys = [_ocr_key(w) for w in words]
    if len(keys) <= k:
        return {" ".join(keys).encode()}
    return {" ".join(keys[i:i + k]).encode() for i in range(len(keys) - k + 1)}


def text_candidates(fps: Sequence[Fingerprint], ds: DedupeSettings) -> set[tuple[int, int]]:
    """Index pairs whose shingle sets LSH puts in a common bucket (sub-quadratic)."""
    # Weigh misses above false candidates: a missed pair is a missed duplicate, a false candidate
    # costs one direct comparison.
    lsh = MinHashLSH(threshold=ds.lsh_threshold, num_perm=ds.minhash_perm, weights=LSH_WEIGHTS)
    pairs: set[tuple[int, int]] = set()
    for i, fp in enumerate(fps):
        if fp.text_poor and not fp.words:
            continue
        mh = _Permutations.minhash(ds.minhash_perm)
        mh.update_batch(list(_shingles(fp.words, ds.shingle_size)))
        for j in lsh.query(mh):
            pairs.add((j, i))
        lsh.insert(i, mh)
    return pairs


def _chunking(distance: int, bits: int = 64) -> list[tuple[int, int]]:
    """(shift, width) of m chunks, m chosen so each chunk is probed within distance // m bits."""
    m = max(1, min(distance + 1, bits // 20))
    width = -(-bits // m)
    return [(i * width, min(width, bits - i * width)) for i in range(m)]


def _masks(width: int, radius: int) -> list[int]:
    out = [0]
    if radius >= 1:
        out += [1 << a for a in range(width)]
    if radius >= 2:
        out += [(1 << a) | (1 << b) for a in range(width) for b in range(a + 1, width)]
    if radius >= 3:
        out += [(1 << a) | (1 << b) | (1 << c) for a in range(width) for b in range(a + 1, width)
                for c in range(b + 1, width)]
    return out


def image_candidates(fps: Sequence[Fingerprint], ds: DedupeSettings) -> set[tuple[int, int]]:
    """Index pairs whose first-page hashes may be within the distance: multi-index hashing."""
    d = ds.image_hash_distance
    chunks = _chunking(d)
    radius = min(3, d // len(chunks))
    masks = {w: _masks(w, radius) for _s, w in chunks}
    tables: list[dict[int, list[int]]] = [defaultdict(list) for _ in chunks]
    pairs: set[tuple[int, int]] = set()
    for i, fp in enumerate(fps):
        if not fp.image_hashes:
            continue
        h = fp.image_hashes[0]
        for k, (shift, width) in enumerate(chunks):
            part = (h >> shift) & ((1 << width) - 1)
            table = tables[k]
            for mask in masks[width]:
                for j in table.get(part ^ mask, ()):
                    pairs.add((j, i))
        for k, (shift, width) in enumerate(chunks):
            tables[k][(h >> shift) & ((1 << width) - 1)].append(i)
    return pairs


def image_distance(a: Fingerprint, b: Fingerprint) -> int | None:
    """Largest page-by-page Hamming distance, or None when the page counts differ."""
    if not a.image_hashes or len(a.image_hashes) != len(b.image_hashes):
        return None
    return max((x ^ y).bit_count() for x, y in zip(a.image_hashes, b.image_hashes, strict=True))


def text_similarity(a: Fingerprint, b: Fingerprint) -> float:
    return fuzz.ratio(a.text, b.text) / 100.0


# ---- grouping -------------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class PairResult:
    pairs: dict[tuple[int, int], str] = field(default_factory=dict)  # (i, j) → signal
    stats: DedupeStats = field(default_factory=DedupeStats)


def duplicate_pairs(fps: Sequence[Fingerprint], settings: Settings) -> PairResult:
    """Confirmed duplicate pairs among fingerprints, with their signal; usable at any scale."""
    ds = settings.dedupe
    res = PairResult(stats=DedupeStats(documents=len(fps)))
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, fp in enumerate(fps):
        by_key[fp.sha_key].append(i)
    for members in by_key.values():
        for j in members[1:]:
            res.pairs[(members[0], j)] = "hash"
    for i, j in sorted(text_candidates(fps, ds) | image_candidates(fps, ds)):
        if (i, j) in res.pairs or fps[i].sha_key == fps[j].sha_key:
            continue
        a, b = fps[i], fps[j]
        res.stats.candidate_pairs += 1
        signal = None
        if not a.text_poor and not b.text_poor:
            sim = text_similarity(a, b)
            if sim >= ds.text_similarity:
                signal = f"text {sim:.2f}"
        else:
            dist = image_distance(a, b)
            if dist is not None and dist <= ds.image_hash_distance:
                signal = f"image {dist}"
            elif a.words and b.words:
                sim = text_similarity(a, b)
                if sim >= ds.text_similarity:
                    signal = f"text {sim:.2f}"
        if signal is None:
            continue
        if veto(a, b, ds):
            res.stats.vetoed_pairs += 1
            continue
        res.pairs[(i, j)] = signal
    res.stats.confirmed_pairs = len(res.pairs)
    return res


def groups_from_pairs(fps: Sequence[Fingerprint], result: PairResult) -> list[DuplicateGroup]:
    uf = _UnionFind(len(fps))
    for i, j in result.pairs:
        uf.union(i, j)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(len(fps)):
        comps[uf.find(i)].append(i)
    signals_of: dict[int, dict[str, str]] = defaultdict(dict)
    for (i, j), signal in sorted(result.pairs.items()):
        signals_of[uf.find(i)][f"{fps[i].id}~{fps[j].id}"] = signal
    groups = []
    for root, members in comps.items():
        if len(members) < 2:
            continue
        keep = min(members, key=lambda i: fps[i].rank)
        groups.append(DuplicateGroup(
            documents=[fps[i].id for i in members],
            keep=fps[keep].id,
            redundant_pages=sum(fps[i].pages for i in members if i != keep),
            signals=signals_of[root],
        ))
    return groups


def find_duplicates(
    docs: Sequence[Document], settings: Settings, ids: Sequence[str] | None = None
) -> list[DuplicateGroup]:
    """Duplicate groups among one unit's documents; `ids` name them (default: their keys).
    Self-assessment reports take part like any document."""
    ids = list(ids) if ids is not None else [d.key for d in docs]
    fps = [fingerprint(i, d, settings) for i, d in zip(ids, docs, strict=True)]
    return groups_from_pairs(fps, duplicate_pairs(fps, settings))
