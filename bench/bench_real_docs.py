"""Header reading on the real signed documents of ../shared/real-docs, beside the peer system, and
what reading signed headers costs against raw Tesseract.

1. Accuracy: the whole pipeline (run_sequential) over the 13 files; the set's own `score.py`
   prints per-field accuracy (overall, scanned, born-digital, hand-written number) with the peer's
   figures beside ours where it has them.
2. Cost: every scanned page 1 of the set, rendered in colour: `red_seal.gray` and
   `pipeline.extract.ocr.ocr_image` (which also finds the header's blanks and re-reads handwritten
   digits) against `tesseract page.png stdout -l vie` on the same images, one page at a time, in
   the same run. The first page of a process also trains
   the digit reader (a few seconds, once): reported apart, not in the ratio.

3. With `--degraded` (about 12 more minutes): the same accuracy on copies of the scans made worse the
   way other offices' scanners and copiers make them, written as image-only PDFs (no text layer,
   so no signature box to fall back on: the hand-written number and day stand alone): turned
   +1.8° and -2.5°, 150 dpi JPEG at quality 50, 120 dpi JPEG at quality 30, and a pale blurred
   photocopy; and the signed PDF printed with its signature boxes drawn, then scanned (150 dpi JPEG, pale
   photocopy): the boxes are then only print, read by OCR; turned +4.0° and -5.5° (laid crooked on the glass),
   a phone's photo, a copy with dark margins and specks, a black-and-white fax-like scan. The set's labels
   still hold (the pages are the same documents); nothing here was tuned on these copies.

4. With `--clerk-names`, every file is put in the inbox under the name it has in the source repository, as
   the provincial office's clerk named it ("11 CT.signed_20250513_153510.pdf", "84 QĐ UB.signed_….pdf",
   "vht507.signed_….pdf"), instead of the set's neutral names: the number a name gives is cross-checked
   against the header's (`pipeline.read.crosscheck.number_in_file_name`). The draft's file names are mapped
   back before scoring.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/bench_real_docs.py [--clerk-names] [--degraded [WHICH]]
        (WHICH: part of a name, "printed")
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path, PurePosixPath

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
REAL_DOCS = ROOT.parent / "shared" / "real-docs"
CLERK_NAMES = "--clerk-names" in sys.argv[1:]


def clerk_names() -> dict[str, str]:
    """The set's neutral file name → the name the file has in the source repository."""
    truth = json.loads((REAL_DOCS / "truth.json").read_text(encoding="utf-8"))
    return {d["file"]: PurePosixPath(d["source_path"]).name for d in truth["documents"]}


def accuracy(files: Path = REAL_DOCS / "files") -> None:
    from pipeline.core.config import load_config
    from pipeline.run.runner import run_sequential

    names = clerk_names() if CLERK_NAMES else {}
    with tempfile.TemporaryDirectory() as tmp:
        unit = Path(tmp) / "inbox" / "Xa Vinh Thanh"
        unit.mkdir(parents=True)
        for pdf in sorted(files.glob("*.pdf")):
            shutil.copyfile(pdf, unit / names.get(pdf.name, pdf.name))
        t0 = time.monotonic()
        run_sequential(Path(tmp) / "inbox", "2025", Path(tmp) / "out", Path(tmp) / "state", load_config())
        print(f"pipeline over {len(list(unit.iterdir()))} files: {time.monotonic() - t0:.1f} s\n")
        draft = Path(tmp) / "out" / "draft.json"
        if names:  # the scorer knows the files by the set's names
            back = {unicodedata.normalize("NFC", clerk): neutral for neutral, clerk in names.items()}

            def neutral(value):
                if isinstance(value, dict):
                    return {k: neutral(v) for k, v in value.items()}
                if isinstance(value, list):
                    return [neutral(v) for v in value]
                if isinstance(value, str):
                    for clerk, name in back.items():
                        value = unicodedata.normalize("NFC", value).replace(clerk, name)
                return value

            renamed = Path(tmp) / "draft_neutral.json"
            renamed.write_text(json.dumps(neutral(json.loads(draft.read_text(encoding="utf-8")))), encoding="utf-8")
            draft = renamed
        subprocess.run([sys.executable, str(REAL_DOCS / "score.py"), str(REAL_DOCS / "truth.json"), str(draft)],
                       check=False)


def cost() -> None:
    import pypdfium2 as pdfium

    from pipeline.core.config import load_config
    from pipeline.extract import red_seal
    from pipeline.extract.ocr import blanks, ocr_image

    settings = load_config().settings
    blanks.classifier.cache_clear()  # the accuracy run before trained it: time a training of its own
    t0 = time.monotonic()
    blanks.classifier()
    train = time.monotonic() - t0
    images = []
    for pdf in sorted((REAL_DOCS / "files").glob("*.pdf")):
        doc = pdfium.PdfDocument(str(pdf))
        if doc[0].get_textpage().count_chars() > 200:
            continue  # born-digital: no OCR
        images.append(doc[0].render(scale=settings.ocr.dpi / 72).to_pil())  # in colour, as scanned
    # Two baselines: raw Tesseract on the page as scanned (colour), and on its plain gray (luma)
    # copy, the stricter one (Tesseract's own work on the colour page includes the seal).
    raw = {"colour": 0.0, "gray": 0.0}
    ours = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, img in enumerate(images):
            for kind, page in (("colour", img), ("gray", img.convert("L"))):
                path = Path(tmp) / f"p{i}-{kind}.png"
                page.save(path)
                t = time.monotonic()
                subprocess.run(["tesseract", str(path), "stdout", "-l", "vie"], capture_output=True, check=True)
                raw[kind] += time.monotonic() - t
            t = time.monotonic()
            ocr_image(red_seal.gray(img), settings)  # the page to gray (seal lifted) counts as ours
            ours += time.monotonic() - t
    n = len(images)
    print(f"| page set | raw `tesseract`, colour page | raw, gray page | OCR path (seal lifted, blank re-reads) "
          f"| ratio to colour | ratio to gray |\n|---|---|---|---|---|---|\n"
          f"| {n} real signed scans, page 1, {settings.ocr.dpi} dpi | {raw['colour'] / n:.2f} s/page | "
          f"{raw['gray'] / n:.2f} s/page | {ours / n:.2f} s/page | **{ours / raw['colour']:.2f}x** | "
          f"**{ours / raw['gray']:.2f}x** |")
    print(f"\ndigit reader training, once per process: {train:.1f} s")


DEGRADATIONS = ("turned +1.8°", "turned -2.5°", "150 dpi JPEG q50", "120 dpi JPEG q30", "pale photocopy",
                "printed with its boxes: 150 dpi JPEG q50", "printed with its boxes: pale photocopy",
                "turned +4.0°", "turned -5.5°", "phone photo", "copier margins and specks", "bilevel 200 dpi")
# the last five (session 40): a page laid crooked on the glass (its own skew, up to 1°, added); a phone's photo
# (the far edge 3% narrower, light falling off by 28% to one corner, soft focus, 150 dpi); a copier lid left open
# (dark margins round the shifted page) with 0.4% grey specks; a fax-like black-and-white scan (threshold 150)
# "printed with its boxes": the signed PDF printed (a viewer draws its signature widgets) and that paper
# scanned; the boxes are then print, read by OCR (pipeline.extract.signatures.ocr_marks)
PRINTED = "printed with its boxes: "


def _dpi(how: str) -> int:
    """The resolution a degraded copy is written at: the JPEG variants' own, a photo's 150, else the 200 dpi
    render's."""
    if how == "phone photo":
        return 150
    return int(how.removeprefix(PRINTED).split()[0]) if "JPEG" in how else 200


def _photo(img):
    """A phone's photo of the page: the far edge narrower, light falling off to one corner, soft focus."""
    import numpy as np
    from PIL import Image, ImageFilter

    from samples.render import perspective_coeffs

    w, h = img.size
    d = int(0.03 * w)
    # the page's corners land on a quadrilateral whose top edge is shorter
    coeffs = perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)],
                                [(d, 0), (w - d // 2, int(0.01 * h)), (w, h), (0, h - int(0.01 * h))])
    img = img.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(235, 235, 230))
    yy, xx = np.mgrid[0:h, 0:w]
    shade = 0.72 + 0.28 * (1 - (xx / w * 0.6 + yy / h * 0.4))
    a = np.clip(np.asarray(img, np.float32) * shade[..., None] * 0.97 + 4, 0, 255).astype(np.uint8)
    img = Image.fromarray(a).filter(ImageFilter.GaussianBlur(0.8))
    return img.resize((w * 3 // 4, h * 3 // 4), Image.BILINEAR)


def _copier_margins(img):
    """A copy made with the lid open: the page shifted on dark margins, grey specks over it all."""
    import numpy as np
    from PIL import Image

    a = np.asarray(img.convert("L"), np.uint8)
    h, w = a.shape
    out = np.full((h + 120, w + 90), 30, np.uint8)
    out[40:40 + h, 60:60 + w] = a
    out[np.random.default_rng(7).random(out.shape) < 0.004] = 60
    return Image.fromarray(out)


def _degrade(img, how: str):
    import io

    from PIL import Image, ImageEnhance, ImageFilter

    img = img.convert("RGB")
    how = how.removeprefix(PRINTED)
    if how == "phone photo":
        return _photo(img)
    if how == "copier margins and specks":
        return _copier_margins(img)
    if how == "bilevel 200 dpi":
        return img.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
    if how.startswith("turned"):
        angle = float(how.split()[1].rstrip("°"))
        return img.rotate(-angle, resample=Image.BICUBIC, expand=True, fillcolor="white")
    if "JPEG" in how:  # "150 dpi JPEG q50": resampled from the 200 dpi page, saved lossy in gray
        dpi, quality = _dpi(how), int(how.split()[-1][1:])
        small = img.resize((img.width * dpi // 200, img.height * dpi // 200), Image.BILINEAR).convert("L")
        buf = io.BytesIO()
        small.save(buf, "JPEG", quality=quality)
        return Image.open(io.BytesIO(buf.getvalue()))
    pale = ImageEnhance.Brightness(ImageEnhance.Contrast(img.convert("L")).enhance(0.55)).enhance(1.12)
    return pale.filter(ImageFilter.GaussianBlur(0.9))


def degraded(only: str | None = None) -> None:
    """Accuracy on the scans made worse (module docstring, 3); born-digital files are copied as they are."""
    import pypdfium2 as pdfium

    for how in DEGRADATIONS:
        if only and only not in how:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for pdf in sorted((REAL_DOCS / "files").glob("*.pdf")):
                doc = pdfium.PdfDocument(str(pdf))
                if doc[0].get_textpage().count_chars() > 200:
                    shutil.copyfile(pdf, Path(tmp) / pdf.name)
                    continue
                if how.startswith(PRINTED):
                    doc.init_forms()
                pages = [_degrade(doc[i].render(scale=200 / 72, may_draw_forms=how.startswith(PRINTED)).to_pil(), how)
                         for i in range(len(doc))]
                pages[0].save(Path(tmp) / pdf.name, "PDF", resolution=_dpi(how), save_all=True,
                              append_images=pages[1:])
                doc.close()
            print(f"\n## scans {how}")
            accuracy(Path(tmp))


def main() -> None:
    if not (REAL_DOCS / "truth.json").is_file():
        print(f"skipped: the real signed documents are not at {REAL_DOCS}")
        return
    accuracy()
    print()
    cost()
    if "--degraded" in sys.argv[1:]:
        args = sys.argv[1:]
        degraded(args[args.index("--degraded") + 1] if args.index("--degraded") + 1 < len(args) else None)


if __name__ == "__main__":
    main()
