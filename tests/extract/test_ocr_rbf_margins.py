"""`RbfMargins` gives what scikit-learn's `SVC.decision_function` gives, faster (the digit reader's scores)."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.svm import SVC

from pipeline.extract.ocr.rbf_margins import RbfMargins


@pytest.fixture(scope="module")
def fitted():
    digits = load_digits()
    x, y = digits.data[:600], digits.target[:600]
    return SVC(gamma=0.001, C=10).fit(x, y), digits.data[600:700]


def test_margins_equal_scikit_learns(fitted):
    svc, glyphs = fitted
    ours, theirs = RbfMargins.of(svc)(glyphs), svc.decision_function(glyphs)
    assert ours.shape == theirs.shape == (100, 10)
    assert np.abs(ours - theirs).max() < 1e-9
    # and so the same class wins for every glyph, one at a time as in a batch
    assert (ours.argmax(axis=1) == svc.predict(glyphs)).all()
    assert np.abs(RbfMargins.of(svc)(glyphs[:1]) - theirs[:1]).max() < 1e-9


def test_scaled_gamma_is_the_fitted_one(fitted):
    svc = SVC(gamma="scale", C=10).fit(*load_digits(return_X_y=True))
    glyphs = load_digits().data[::37]
    assert np.abs(RbfMargins.of(svc)(glyphs) - svc.decision_function(glyphs)).max() < 1e-9


def test_other_kernels_are_refused():
    x, y = load_digits(return_X_y=True)
    with pytest.raises(ValueError, match="RBF"):
        RbfMargins.of(SVC(kernel="linear").fit(x[:200], y[:200]))
