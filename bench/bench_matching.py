"""Matching at scale: 10,000 synthetic documents against the catalog.

    .venv/bin/python bench/bench_matching.py [--docs 10000]

Titles are built from each item's catalog title and phrases, written the ways clerks write them
(abbreviations, "năm 2018", the commune's name, capitals, accents lost, OCR letter noise), plus
unrelated documents (meeting invitations, socio-economic reports) that must match nothing. Prints
throughput (CPU seconds of this process) and, as a sanity check, how often the generating criterion was found. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.core.config import load_config  # noqa: E402
from pipeline.core.model import DocMeta, Document, Page, Provenance, TextSource  # noqa: E402
from pipeline.core.normalize import ABBREVIATIONS, fold  # noqa: E402
from pipeline.decide.matching import match_document, prepare  # noqa: E402

TYPE_WORD = {"KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "BB": "Biên bản", "CV": "V/v",
             "TB": "Thông báo", "DS": "Danh sách"}
UNRELATED = [
    ("Giấy mời họp giao ban tháng {m}", "CV"), ("Báo cáo tình hình kinh tế - xã hội năm 2018", "BC"),
    ("Kế hoạch phát triển kinh tế - xã hội năm 2019", "KH"), ("Tờ trình đề nghị cấp kinh phí sửa chữa trụ sở", "TTr"),
    ("Quyết định khen thưởng học sinh giỏi", "QĐ"), ("Thông báo lịch tiếp công dân", "TB"),
    ("Báo cáo công tác phòng chống dịch bệnh trên gia súc", "BC"), ("Kế hoạch tổ chức Tết Trung thu", "KH"),
    ("Danh sách hộ nghèo năm 2018", "DS"), ("Biên bản họp dân ấp {m}", "BB"),
]
PERIOD_WORDS = {"Q1": "quý I", "H1": "6 tháng đầu năm", "Q3": "9 tháng đầu năm", "Y": "năm"}
COMMUNES = ["xã Vĩnh Thành", "xã Lâm Tân", "thị trấn Phú Lộc", "xã Châu Hưng"]


def abbreviate(text: str, rnd: random.Random) -> str:
    for short, long in ABBREVIATIONS.items():
        if long in text and rnd.random() < 0.6:
            text = text.replace(long, short)
    return text


def ocr_noise(text: str, rnd: random.Random, rate: float) -> str:
    out = []
    for w in text.split():
        if len(w) > 4 and rnd.random() < rate:
            i = rnd.randrange(1, len(w))
            w = w[:i] + rnd.choice("ceilo") + w[i + 1:]
        out.append(w)
    return " ".join(out)


def synth(n: int, seed: int = 3):
    cfg = load_config()
    rnd = random.Random(seed)
    items = cfg.catalog.items()
    out = []
    for k in range(n):
        if rnd.random() < 0.3:
            title, t = rnd.choice(UNRELATED)
            title, truth = title.format(m=rnd.randrange(1, 13)), None
        else:
            crit, item = rnd.choice(items)
            t = rnd.choice(item.types)
            base = rnd.choice(item.phrases + [item.title])
            if item.periodic_report and PERIOD_WORDS[item.periodic_report] not in base:
                base = f"{base} {PERIOD_WORDS[item.periodic_report]}"
            if not fold(base).startswith(fold(TYPE_WORD.get(t, ""))):
                base = f"{TYPE_WORD.get(t, '')} {base}"
            if rnd.random() < 0.5:
                base += " năm 2018"
            if rnd.random() < 0.3:
                base += f" trên địa bàn {rnd.choice(COMMUNES)}"
            title, truth = abbreviate(base[0].upper() + base[1:], rnd), crit.code
        r = rnd.random()
        if r < 0.15:
            title = fold(title)
        elif r < 0.25:
            title = title.upper()
        if rnd.random() < 0.15:
            title = ocr_noise(title, rnd, 0.15)
        doc_type = t if rnd.random() < 0.9 else None
        doc = Document(key=f"k{k}:1", provenance=Provenance(file=f"f{k}.pdf", first_page=1, last_page=1,
                                                            source=TextSource.OCR),
                       pages=[Page(number=1, text=title, source=TextSource.OCR)],
                       meta=DocMeta(title=title, doc_type=doc_type))
        out.append((doc, truth))
    return cfg, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    args = ap.parse_args()
    cfg, docs = synth(args.docs)
    t0 = time.process_time()
    prepare(cfg.catalog)
    t1 = time.process_time()
    results = [match_document(d, cfg.catalog, cfg.settings) for d, _t in docs]
    t2 = time.process_time()
    tp = fp = fn = 0
    unrelated_matched = 0
    for (_d, truth), ms in zip(docs, results, strict=True):
        got = {m.criterion for m in ms}
        if truth is None:
            unrelated_matched += bool(got)
            fp += len(got)
            continue
        tp += truth in got
        fn += truth not in got
        fp += len(got - {truth}) if truth in got else len(got)
    n_items = len(cfg.catalog.items())
    print(f"{'documents':>10} {'items':>6} {'prepare s':>10} {'match s':>8} {'docs/s':>8} {'ms/doc':>7} "
          f"{'recall':>7} {'precision':>9} {'unrelated matched':>18}")
    print(f"{len(docs):>10} {n_items:>6} {t1 - t0:>10.3f} {t2 - t1:>8.2f} {len(docs) / (t2 - t1):>8.0f} "
          f"{1000 * (t2 - t1) / len(docs):>7.2f} {tp / max(1, tp + fn):>7.3f} {tp / max(1, tp + fp):>9.3f} "
          f"{unrelated_matched:>18}")
    print("(recall/precision count the generating criterion only; a title that legitimately serves two "
          "criteria, like the annual report → 1.2 + 1.3, shows as a false positive)")


if __name__ == "__main__":
    main()
