"""Duplicate search at scale: 1k / 10k / 100k synthetic documents.

    .venv/bin/python bench/bench_dedupe.py [--sizes 1000 10000 100000]

Each corpus: distinct documents (random words of a Vietnamese-like vocabulary), ~10 % rescans
(OCR-damaged copies), ~5 % template siblings (same text, other figures, symbol and date; must NOT
be grouped) and ~10 % poor scans carrying only page-image hashes, some near-identical. Prints the
time per phase, the comparisons made against all pairs, found/expected pairs, and the time ratio
per 10x documents (target ≤ 15x: candidate search is sub-quadratic). Times are CPU seconds of this
process (the machine is shared: wall time measures the neighbours too). Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.core.config import Settings  # noqa: E402
from pipeline.core.model import DocMeta, Document, Page, Provenance, TextSource  # noqa: E402
from pipeline.decide.dedupe import duplicate_pairs, fingerprint, groups_from_pairs  # noqa: E402

ONSETS = ["b", "c", "ch", "d", "đ", "g", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th",
          "tr", "v", "x"]
RIMES = ["a", "an", "anh", "ao", "at", "ăn", "âm", "ân", "e", "em", "ên", "i", "inh", "iêt", "o", "oc", "ong", "ô",
         "ôi", "ơn", "u", "uân", "ung", "ư", "ương", "ươc", "uyên", "ai", "ach", "oan"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def vocabulary(rnd: random.Random, n: int = 3000) -> list[str]:
    import unicodedata

    words = set()
    while len(words) < n:
        w = rnd.choice(ONSETS) + rnd.choice(RIMES)
        w = unicodedata.normalize("NFC", w[:1] + w[1:] + rnd.choice(TONES)) if len(w) > 1 else w
        words.add(w)
    return sorted(words)


_CONFUSIONS = [("c", "e"), ("e", "c"), ("o", "c"), ("l", "1"), ("i", "l"), ("m", "rn"), ("n", "u"), ("h", "b"),
               ("0", "o"), ("1", "l")]


def damage(text: str, rnd: random.Random, rate: float = 0.10, loss: float = 0.02) -> str:
    """OCR-like damage: accents dropped and letters confused on `rate` of the words; a letter lost or
    a word split on `loss` of them."""
    from pipeline.core.normalize import fold

    out = []
    for w in text.split():
        r = rnd.random()
        if r < rate:
            w = fold(w)
            hits = [(a, b) for a, b in _CONFUSIONS if a in w]
            if hits:
                a, b = rnd.choice(hits)
                w = w.replace(a, b, 1)
        elif r < rate + loss and len(w) > 2:
            i = rnd.randrange(len(w))
            w = w[:i] + w[i + 1:] if rnd.random() < 0.5 else w[:i] + " " + w[i:]
        out.append(w)
    return " ".join(out)


def make_doc(key: str, text: str, symbol: str | None, date: dt.date | None, source: TextSource,
             conf: float | None, image_hash: int | None) -> Document:
    page = Page(number=1, text=text, source=source, ocr_confidence=conf,
                image_hash=f"{image_hash:016x}" if image_hash is not None else None)
    return Document(key=key, provenance=Provenance(file=f"{key}.pdf", first_page=1, last_page=1, source=source,
                                                   ocr_confidence=conf),
                    pages=[page], meta=DocMeta(symbol=symbol, date=date))


def corpus(n: int, seed: int = 1) -> tuple[list[Document], set[frozenset[int]]]:
    rnd = random.Random(seed)
    vocab = vocabulary(rnd)
    docs: list[Document] = []
    expected: set[frozenset[int]] = set()
    origin: list[int] = []  # the first document of each copy family
    while len(docs) < n:
        i = len(docs)
        r = rnd.random()
        if r < 0.10 and i > 0:  # a rescan of an earlier document
            j = rnd.randrange(i)
            src = docs[j]
            if not src.pages[0].image_hash and src.meta.symbol:
                docs.append(make_doc(f"k{i}", damage(src.text, rnd), src.meta.symbol, src.meta.date,
                                     TextSource.OCR, 0.8, None))
                origin.append(origin[j])
                continue
        if r < 0.15 and i > 0:  # a template sibling: other figures, symbol, date
            j = rnd.randrange(i)
            src = docs[j]
            if not src.pages[0].image_hash and src.meta.symbol:
                text = src.text + f" {rnd.randrange(100, 999)} {rnd.randrange(100, 999)}"
                docs.append(make_doc(f"k{i}", text, f"{rnd.randrange(1, 300)}/BC-UBND",
                                     dt.date(2018, rnd.randrange(1, 13), rnd.randrange(1, 28)),
                                     TextSource.DOCX, None, None))
                origin.append(i)
                continue
        if r < 0.25:  # a poor scan: few words, a page-image hash; sometimes a second shot of the last one
            prev = docs[-1] if docs else None
            if prev is not None and prev.pages[0].image_hash and rnd.random() < 0.3:
                h = int(prev.pages[0].image_hash, 16) ^ (1 << rnd.randrange(64)) ^ (1 << rnd.randrange(64))
                docs.append(make_doc(f"k{i}", " ".join(rnd.choices(vocab, k=6)), None, None, TextSource.OCR,
                                     0.3, h))
                origin.append(origin[i - 1])
                continue
            docs.append(make_doc(f"k{i}", " ".join(rnd.choices(vocab, k=6)), None, None, TextSource.OCR, 0.3,
                                 rnd.getrandbits(64)))
            origin.append(i)
            continue
        words = rnd.choices(vocab, k=rnd.randrange(80, 200))
        nums = [str(rnd.randrange(1, 999)) for _ in range(6)]
        text = " ".join(words[:40] + nums + words[40:])
        docs.append(make_doc(f"k{i}", text, f"{rnd.randrange(1, 300)}/KH-UBND",
                             dt.date(2018, rnd.randrange(1, 13), rnd.randrange(1, 28)), TextSource.DOCX, None, None))
        origin.append(i)
    families: dict[int, list[int]] = {}
    for i, o in enumerate(origin):
        families.setdefault(o, []).append(i)
    for members in families.values():
        expected |= {frozenset((a, b)) for k, a in enumerate(members) for b in members[k + 1:]}
    return docs, expected


def run(n: int, settings: Settings) -> dict:
    docs, expected = corpus(n)
    # The synthetic corpus is not part of the measured work: keep the collector from rescanning it.
    gc.collect()
    gc.freeze()
    t0 = time.process_time()
    fps = [fingerprint(f"d{i}", d, settings) for i, d in enumerate(docs)]
    t1 = time.process_time()
    res = duplicate_pairs(fps, settings)
    t2 = time.process_time()
    groups = groups_from_pairs(fps, res)
    t3 = time.process_time()
    # a group's members are all duplicates of one another: compare pairs within groups
    index = {fp.id: k for k, fp in enumerate(fps)}
    found = {frozenset((index[a], index[b])) for g in groups for k, a in enumerate(g.documents)
             for b in g.documents[k + 1:]}
    gc.unfreeze()
    return {
        "n": n, "fingerprint": t1 - t0, "pairs": t2 - t1, "groups": t3 - t2, "total": t3 - t0,
        "compared": res.stats.candidate_pairs, "all_pairs": n * (n - 1) // 2,
        "found": len(found & expected), "expected": len(expected), "extra": len(found - expected),
        "vetoed": res.stats.vetoed_pairs, "n_groups": len(groups),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = ap.parse_args()
    settings = Settings()
    rows = [run(n, settings) for n in args.sizes]
    print(f"{'docs':>8} {'fingerprint s':>13} {'pairs s':>8} {'groups s':>8} {'total s':>8} {'x per 10x':>9} "
          f"{'compared':>9} {'of all pairs':>12} {'found/expected':>15} {'extra':>6} {'vetoed':>7}")
    prev = None
    for r in rows:
        ratio = f"{r['total'] / prev['total']:.1f}" if prev and r["n"] == 10 * prev["n"] else "—"
        share = f"{r['compared'] / r['all_pairs']:.2e}"
        print(f"{r['n']:>8} {r['fingerprint']:>13.2f} {r['pairs']:>8.2f} {r['groups']:>8.2f} {r['total']:>8.2f} "
              f"{ratio:>9} {r['compared']:>9} {share:>12} {r['found']:>7}/{r['expected']:<7} {r['extra']:>6} "
              f"{r['vetoed']:>7}")
        prev = r


if __name__ == "__main__":
    main()
