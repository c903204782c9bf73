import pytest
from extract_fixtures import render_page
from PIL import Image


@pytest.fixture(scope="module")
def page():
    """A generated A4 plan page (two-column header, body), rendered as a clean scan."""
    return render_page()


@pytest.fixture(autouse=True)
def _pillow_pixel_limit(monkeypatch):
    """Reading an image file sets Pillow's process-wide pixel limit from the settings it is given;
    a test that reads with a small limit must not leave it to the next test of its worker (it made
    `Image.crop` of a later test's 2.6 Mpx page a "decompression bomb")."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)
