"""The viewer's pieces on their own: files reached only inside the inbox and with the content the run
read; word boxes from a scan's OCR (no text layer) boxing the matched words and the symbol."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.core.fonts import font_path
from pipeline.core.model import DocumentOut, MatchOut
from pipeline.review.viewer import PageCache, Unavailable, boxes_for, inbox_file


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_files_outside_the_inbox_or_changed_since_the_run_are_refused(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "Xa A").mkdir(parents=True)
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10)).save(secret)
    for rel in ("../secret.png", "/etc/passwd", "Xa A/../../secret.png", "Xa A/none.png"):
        with pytest.raises(Unavailable):
            inbox_file(inbox, rel, None)
    page = inbox / "Xa A" / "p.png"
    Image.new("RGB", (40, 40), "white").save(page)
    cache = PageCache(tmp_path / "state")
    with pytest.raises(Unavailable):
        cache.page_png(inbox, "Xa A/p.png", "0" * 64, 1)  # not the content the run read
    assert cache.page_png(inbox, "Xa A/p.png", _sha(page), 1)[:4] == b"\x89PNG"


def test_a_scan_gets_its_word_boxes_from_ocr(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "Xa A").mkdir(parents=True)
    img = Image.new("RGB", (1240, 700), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(font_path("dejavu-serif"), 34)
    for y, line in ((80, "Số: 05/KH-UBND"), (200, "KẾ HOẠCH"), (280, "Cải cách hành chính năm 2018")):
        draw.text((120, y), line, fill="black", font=font)
    scan = inbox / "Xa A" / "scan.png"
    img.save(scan)
    cache = PageCache(tmp_path / "state")
    words, width, height = cache.words(inbox, "Xa A/scan.png", _sha(scan), 1)
    assert (width, height) == (1240, 700) and len(words) >= 8
    doc = DocumentOut(id="d1", file="Xa A/scan.png", first_page=1, last_page=1, doc_type="KH", symbol="05/KH-UBND",
                      date=None, title=None, ocr=True, ocr_confidence=None, criteria=["1.1"], duplicate_of=None,
                      match={"1.1": MatchOut(rule="title", phrase="kế hoạch cải cách hành chính năm", score=80,
                                             why="")})
    boxes = boxes_for(words, doc)
    kinds = [b["kind"] for b in boxes]
    assert kinds.count("match") == 7 and "symbol" in kinds
    ke = min((b for b in boxes if b["kind"] == "match"), key=lambda b: b["y"])
    assert 180 < ke["y"] < 260 and 100 < ke["x"] < 160  # "KẾ" where it was drawn, in page pixels
    # cached: the second call reads the JSON, no OCR
    assert cache.words(inbox, "Xa A/scan.png", _sha(scan), 1)[0] == words


def test_cache_files_appear_whole(tmp_path, monkeypatch):
    """Two reviewers opening one page at once: one may read the cache while the other writes it, so
    every cache file is written aside and renamed into place (never written where it is read)."""
    from pathlib import Path

    inbox = tmp_path / "inbox"
    (inbox / "Xa A").mkdir(parents=True)
    page = inbox / "Xa A" / "p.png"
    Image.new("RGB", (200, 100), "white").save(page)
    written = []
    real = Path.write_bytes
    monkeypatch.setattr(Path, "write_bytes", lambda self, data: written.append(self.name) or real(self, data))
    monkeypatch.setattr(Path, "write_text", lambda self, *a, **k: pytest.fail(f"written in place: {self}"))
    cache = PageCache(tmp_path / "state")
    words, width, height = cache.words(inbox, "Xa A/p.png", _sha(page), 1)
    assert (width, height) == (200, 100)
    assert written and all(name.startswith(".") for name in written), written
    assert sorted(p.name for p in cache.root.rglob("*") if p.is_file()) == ["p1-150.png", "w1-150.json"]
    assert cache.words(inbox, "Xa A/p.png", _sha(page), 1) == (words, width, height)
