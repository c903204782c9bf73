"""The one step list over one page state, the Tesseract slot pool, and Tesseract's failures as ours (extract/ocr/page.py, pool.py, slots.py, tesseract.py)."""

import threading
import time

import pytesseract
import pytest
from extract_fixtures import render_page
from PIL import Image

from pipeline.core.config import Settings
from pipeline.extract import ocr
from pipeline.extract.ocr import page as ocr_page
from pipeline.extract.ocr import tesseract

# The small passes through the `tesseract` program, as where libtesseract cannot be loaded.
PROGRAM = Settings().ocr.model_copy(update={"in_process": False})


def test_pool_bounds_concurrent_tesseract_processes(monkeypatch):
    active = 0
    peak = 0
    lock = threading.Lock()

    def fake(img, lang, config, output_type, timeout):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        return {"text": ["Kế", "hoạch", "năm"], "conf": [90, 90, 90], "left": [30, 90, 200], "top": [40] * 3,
                "width": [50] * 3, "height": [20] * 3, "block_num": [1] * 3, "par_num": [1] * 3,
                "line_num": [1] * 3, "word_num": [1, 2, 3]}

    monkeypatch.setattr(pytesseract, "image_to_data", fake)
    s = Settings()
    s.ocr.workers = 2
    img = render_page(header=False, width=400, height=560, font_px=10)
    loaders = [lambda: img.copy() for _ in range(6)]
    pages = ocr.ocr_pages(loaders, s, first_number=3)
    # two extra callers (another file's pool) must not push the count past `workers`
    extra = [threading.Thread(target=ocr.ocr_pages, args=(loaders[:2], s)) for _ in range(2)]
    for t in extra:
        t.start()
    for t in extra:
        t.join()
    assert [p.number for p in pages] == [3, 4, 5, 6, 7, 8]
    assert peak <= 2
    assert pages[0].text == "Kế hoạch năm" and pages[0].ocr_confidence == 0.9

def test_one_step_list_over_one_page_state(monkeypatch):
    # ocr_image_detail is the steps of page.STEPS in order, nothing else (a blank page: no Tesseract)
    seen = []

    def traced(step):
        def run(state):
            seen.append(step.__name__)
            out = step(state)
            assert out is state  # one state, handed from step to step
            return out
        return run

    monkeypatch.setattr(ocr_page, "STEPS", tuple(traced(s) for s in ocr_page.STEPS))
    p, detail = ocr.ocr_image_detail(Image.new("L", (800, 1100), 255), Settings())
    assert seen == ["crop_to_paper", "clean_speckle", "turn_upright", "erase_dot_leaders", "read", "retry_if_empty",
                    "denoise_if_murky", "reorient_if_poor", "reread_table_cells", "read_blanks", "read_small_print"]
    assert p.text == "" and p.rotation == 0 and not detail.retried


def test_tesseract_failures_come_out_as_ours(monkeypatch):
    # every Tesseract call is in ocr/tesseract.py: a timeout of a page or of a batch of cells is
    # OcrTimeout, a failed run OcrFailed, a missing Tesseract OcrUnavailable; OSD that fails is no answer
    def fails(*a, **k):
        raise pytesseract.TesseractError(1, "failed")

    def times_out(*a, **k):
        raise RuntimeError("Tesseract process timeout")

    def missing(*a, **k):
        raise pytesseract.TesseractNotFoundError()

    blank = Image.new("L", (100, 100), 255)
    for broken, ours in ((times_out, tesseract.OcrTimeout), (fails, tesseract.OcrFailed),
                         (missing, tesseract.OcrUnavailable)):
        monkeypatch.setattr(pytesseract, "image_to_data", broken)
        monkeypatch.setattr(pytesseract, "image_to_osd", broken)
        with pytest.raises(ours):
            tesseract.image_data(blank, Settings().ocr)
        with pytest.raises(ours):
            tesseract.read_cells([blank], PROGRAM, 200, 7)
        if broken is not missing:
            assert tesseract.osd_rotation(blank) is None


def test_a_missing_or_failing_tesseract_is_never_blamed_on_the_file(monkeypatch, tmp_path):
    """Tesseract missing is the administrator's to fix (not "the image is damaged"); a failed run is
    tried again next run (neither result is cached)."""
    from extract_fixtures import render_page

    from pipeline.extract.files import extract_file
    from pipeline.run.time_budget import UNCACHED_CODES

    path = tmp_path / "scan.png"
    render_page(width=800, height=1100, font_px=20).save(path)  # ink: no blank page short-cut

    def missing(*a, **k):
        raise pytesseract.TesseractNotFoundError()

    def fails(*a, **k):
        raise pytesseract.TesseractError(1, "Error in pixReadStream")

    for broken, code in ((missing, "ocr_unavailable"), (fails, "ocr_failed")):
        monkeypatch.setattr(pytesseract, "image_to_data", broken)
        ef = extract_file(path, "scan.png", Settings())
        assert (ef.status, ef.error_code) == ("quarantined", code) and code in UNCACHED_CODES


def _header_lines() -> list[Image.Image]:
    from extract_fixtures import SERIF
    from PIL import ImageDraw, ImageFont

    lines = []
    for text in ("Số: 574/UBND-KTTH", "ngày 04 tháng 02 năm 2025"):
        img = Image.new("L", (900, 70), 255)
        ImageDraw.Draw(img).text((20, 10), text, fill=0, font=ImageFont.truetype(SERIF, 40))
        lines.append(img)
    return lines


def test_a_pages_header_lines_are_read_in_one_process(monkeypatch):
    # the handwritten blanks' line passes through the program: every glued line of a page in one
    # Tesseract process, each line's characters in its own pixels
    lines = _header_lines()
    calls = []
    real = pytesseract.image_to_boxes
    monkeypatch.setattr(pytesseract, "image_to_boxes", lambda *a, **k: calls.append(a) or real(*a, **k))
    read = tesseract.line_chars(lines, PROGRAM)
    assert len(calls) == 1
    assert ["".join(c for c, _, _ in line) for line in read] == ["Số:574/UBND-KTTH", "ngày04tháng02năm2025"]
    assert all(0 <= x0 < x1 <= 900 for line in read for _, x0, x1 in line)
    assert tesseract.line_chars([], PROGRAM) == []


def test_small_passes_in_process_read_what_the_program_reads(monkeypatch):
    """libtesseract in this process (settings.ocr.in_process) gives the program's characters, boxes,
    words and confidences, without starting a process: lines, digit blanks and cells alike."""
    in_process = Settings().ocr
    if tesseract._engine(in_process, []) is None:
        pytest.skip("libtesseract is not loadable here: the program reads the small passes")
    lines = _header_lines()
    day = lines[1].crop((110, 0, 200, 70))
    monkeypatch.setattr(pytesseract.pytesseract, "run_tesseract", lambda *a, **k: pytest.fail("started the program"))
    ours = (tesseract.line_chars(lines, in_process), tesseract.digit_words(day, in_process),
            tesseract.read_cells([day, lines[0]], in_process, 300, 7))
    monkeypatch.undo()
    program = (tesseract.line_chars(lines, PROGRAM), tesseract.digit_words(day, PROGRAM),
               tesseract.read_cells([day, lines[0]], PROGRAM, 300, 7))
    assert ours == program
    assert ours[1] and ours[1][0][0] == "04"


def test_a_failed_in_process_reading_is_ocr_failed(monkeypatch):
    engine = tesseract._engine(Settings().ocr, [])
    if engine is None:
        pytest.skip("libtesseract is not loadable here")
    monkeypatch.setattr(engine.lib, "TessBaseAPIRecognize", lambda *a: -1)
    with pytest.raises(tesseract.OcrFailed):
        tesseract.line_chars(_header_lines(), Settings().ocr)


def test_images_too_large_for_the_library_go_to_the_program():
    big = Image.new("L", (2500, 2000), 255)
    assert tesseract._engine(Settings().ocr, [big]) is None
    assert tesseract._engine(PROGRAM, []) is None


def test_without_the_library_the_program_reads_the_small_passes(monkeypatch):
    monkeypatch.setattr(tesseract, "_load_library", lambda: None)  # as where libtesseract cannot be loaded
    assert tesseract._engine(Settings().ocr, []) is None
    read = tesseract.line_chars(_header_lines(), Settings().ocr)
    assert "".join(c for c, _, _ in read[0]) == "Số:574/UBND-KTTH"
