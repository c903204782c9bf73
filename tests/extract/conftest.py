import pytest
from extract_fixtures import render_page


@pytest.fixture(scope="module")
def page():
    """A generated A4 plan page (two-column header, body), rendered as a clean scan."""
    return render_page()
