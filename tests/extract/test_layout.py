"""The two-column header rule shared by scans and text PDFs (extract/layout.py)."""

import numpy as np

from pipeline.extract.layout import header_band, widest_gap

W, H = 1000, 1400


def line(top: float, spans: list[tuple[int, int]]) -> tuple[float, float, np.ndarray]:
    occ = np.zeros(W, dtype=bool)
    for a, b in spans:
        occ[a:b] = True
    return top, top + 20, occ


def test_two_columns_are_cut_in_their_common_gap_and_the_title_is_left_below():
    lines = [line(60, [(80, 400), (560, 940)]),    # ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI …
             line(90, [(100, 380), (600, 900)]),   # XÃ VĨNH THÀNH | Độc lập - Tự do - Hạnh phúc
             line(120, [(120, 360), (580, 920)]),  # Số: 05/KH-UBND | Vĩnh Thành, ngày …
             line(220, [(250, 750)])]              # KẾ HOẠCH, centred after a blank line
    k, cut, below = header_band(lines, W, H)
    assert k == 3 and 400 < cut < 560 and 140 <= below <= 220


def test_a_single_column_page_has_no_header_band():
    lines = [line(60, [(100, 900)]), line(90, [(100, 900)])]
    assert header_band(lines, W, H) is None
    assert header_band(lines[:1], W, H) is None  # one line is no header


def test_widest_gap_is_the_longest_empty_run_from_lo():
    prof = np.ones(100, dtype=bool)
    prof[30:35] = False
    prof[50:70] = False
    assert widest_gap(prof, 25, 75) == (50, 70)
