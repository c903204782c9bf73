"""Where a page's text holds a digital-signature box or the gazette's stamp, printed as words.

A signed PDF carries its boxes as widgets (read exactly by `pipeline.extract.signatures`). Printed and
scanned, photographed, or copied into a web page, the boxes become lines of the page's text, usually in
the header zone: "Ký bởi: Ủy ban nhân / dân tỉnh Quảng Ngãi / Thời gian ký / 11/05/2021 11:26:39", the
gazette centre's "TRUNG TÂM CÔNG BÁO / VÀ TIN HỌC / ttcbth@quangngai.gov.vn / 07.01.2025 10:44:25 / +07:00",
the government portal's "Người ký: Cổng Thông tin điện tử Chính phủ / Thời gian kí: 05.05.2026 14:59:27".
Extraction reads their signing time as a mark; the header reader leaves their lines out, so a stamp's
capitals are never an issuer or a title's line.

One run: a line with a box's label (or the gazette's address), at most `BOX_LINES` lines on without
crossing a blank line, ending at the line that completes a date with its time of day; a date without a
time is no box (a body's date). The gazette's name, on the one or two lines just above its address, is
the run's too; so is a lone time-zone line after the time ("+07:00"). OCR reads a box printed small over
a seal as a block of its own and often loses its labels ("ý bới: LÍy ban nhân đân tính Quảng Ngâi / x
quan: … / lan ký: 07/01/2025 10:09:57", "tcbthquangngai.gov.vn / » 07.01.2025 10:44:25"): a block of at
most `BOX_LINES` + 1 short lines holding a date with a time to the second is a box as well (no document
writes its own dates that way).
"""

from __future__ import annotations

import re

from pipeline.core.normalize import fold

# A box's labels, folded: "Ký bởi", "Thời gian ký", "Người ký" (both spellings of ký, "kí", are in use)
BOX_LABEL = re.compile(r"thoi gian k[yi]\b|\bk[yi] boi\b|\bnguoi k[yi]\b")
# A date with its time of day, as boxes print it: "11/05/2021 11:26:39", "07.02.2025 15:53:02"; OCR may read
# the time's colons as dashes or dots or lose them, the year's slash as a space, and the time may wrap to the
# next line ("14-42-41", "05/01/2021 / 081524", "07/02 2025 1459"); a box printed small may lose the slash
# between a two-digit day and month ("1105/2021 11:26:39")
SIGNED_AT = re.compile(r"(\d{1,2})(?:[/.]|(?<=\d\d)(?=\d\d[/.\s]\d{4}))(\d{1,2})[/.\s](\d{4})\D{0,3}(\d{1,2})\s?[:.-]?\s?(\d{2})"
                       r"(?:\s?[:.-]?\s?(\d{2}))?")
# Lines of one box as OCR reads it: labels, the signer wrapped over two lines, the time on its own line
BOX_LINES = 5
# The gazette centre's name above its address ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC", broken over two lines)
_GAZETTE_NAME = re.compile(r"\btrung tam\b|\bcong bao\b|\btin hoc\b")
_ADDRESS = re.compile(r"\S@\S")  # OCR may lose the address's dots ("ttcbth@quangngai gov.vn")
_TIME_ZONE = re.compile(r"^\s*\+?\s*\d{1,2}\s*[:.]\s*\d{2}\s*$")
# A date with its time to the second ("07.01.2025 10:44:25"): a signing system's, never a document's own
_STAMPED = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}\D{0,3}\d{1,2}:\d{2}:\d{2}")
BOX_LINE_CHARS = 60  # a box's lines are short: the box is a few centimetres wide


def _label_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Runs opened by a box's label or the gazette's address (module docstring)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        flat = fold(lines[i])
        address = bool(_ADDRESS.search(lines[i]))
        if not (BOX_LABEL.search(flat) or address):
            i += 1
            continue
        end = None
        window = ""
        for j in range(i, min(len(lines), i + BOX_LINES)):
            if not lines[j].strip():
                break
            window += " " + lines[j]
            if SIGNED_AT.search(window):
                end = j
                break
        if end is None:
            i += 1
            continue
        first = i
        if address:
            while first > 0 and first > i - 2 and lines[first - 1].strip() and _GAZETTE_NAME.search(
                    fold(lines[first - 1])):
                first -= 1
        if end + 1 < len(lines) and _TIME_ZONE.match(lines[end + 1]):
            end += 1
        runs.append((first, end))
        i = end + 1
    return runs


# What is left of a box's labels when OCR garbles them, folded ("ý bới:", "x quan:", "lan ký:"), and of the
# gazette's stamp (its centre's name, its address without the @, the time zone)
GARBLED_SIGNATURE = r"\bb[oô]i\b|\bquan\s*:|\bgian\b|\bk[yi]\s*:"
GARBLED_GAZETTE = r"\+\s?07|trung tam|cong bao|tin hoc|\.gov\.vn"
# Any of those, or a certified copy's "SAO Y" / "Giờ ký", an address, a domain: where a stamped block's box begins
_BOX_CUE = re.compile(rf"{GARBLED_SIGNATURE}|{GARBLED_GAZETTE}|@|\.gov|\bsao y\b|\bgio k[yi]\b")


def _stamped_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """In blocks (lines between blank lines) of at most `BOX_LINES` + 1 short lines, the box around a time to
    the second: from the block's first line with a box's cue (`_BOX_CUE`; else the time's own line) to the
    time's line, and a time-zone line after it. Lines after the time are the header's: a certified copy's
    stamp sits in one OCR block with the issuer and number under it ("SAO Y: … / Giờ ký: 03/07/2025 15:32:39 /
    HỘI ĐỒNG NHÂN DÂN / … / Số: 12/2025/NQ-HĐND")."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].strip():
            j += 1
        block = lines[i: j + 1]
        if len(block) <= BOX_LINES + 1 and all(len(line.strip()) <= BOX_LINE_CHARS for line in block):
            end = next((k for k in range(i, j + 1)
                        if _STAMPED.search(lines[k]) or (k > i and _STAMPED.search(f"{lines[k - 1]} {lines[k]}"))), None)
            if end is not None:
                first = next((k for k in range(i, end + 1) if _BOX_CUE.search(fold(lines[k]))), end)
                if end + 1 <= j and _TIME_ZONE.match(lines[end + 1]):
                    end += 1
                out.append((first, end))
        i = j + 1
    return out


# The time zone after a stamp's time, alone on its line when OCR split the block: nothing else reads "+07:00"
_LONE_TIME_ZONE = re.compile(r"^\s*\+\s*\d{1,2}\s*[:.]\s*\d{2}\s*$")


def box_lines(lines: list[str]) -> set[int]:
    """The indexes of every line a printed box takes (for the header reader to leave out)."""
    runs = {k for first, last in _label_runs(lines) + _stamped_blocks(lines) for k in range(first, last + 1)}
    return runs | {k for k, line in enumerate(lines) if _LONE_TIME_ZONE.match(line)}


def box_runs(lines: list[str]) -> list[tuple[int, int]]:
    """The (first, last) line indexes of each box printed in `lines`, one run per box (for its signing time):
    the labelled runs, and the parts of stamped blocks outside them that hold a time to the second (OCR reads
    two boxes side by side as one block: "Ký bởi: … TRUNG TÂM CÔNG / … BẢO VÀ TIN HỌC / Thời gian ký: …")."""
    runs = _label_runs(lines)
    covered = {k for first, last in runs for k in range(first, last + 1)}
    for first, last in _stamped_blocks(lines):
        seg: list[int] = []
        for k in [*range(first, last + 1), None]:
            if k is not None and k not in covered:
                seg.append(k)
                continue
            if seg and _STAMPED.search(" ".join(lines[seg[0]: seg[-1] + 1])):
                runs.append((seg[0], seg[-1]))
            seg = []
    return sorted(runs)
