"""The info card of every function, and the GELU vs GELU (tanh) comparison."""

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from core import activations
from gui.functions.info_panel import function_notes, gelu_difference
from tests.gui.conftest import find


def test_card_shows_formulas_and_notes(window, state):
    for key in activations.keys():
        _check_card(window, state, key)


def _check_card(window, state, key):
    state.functions.set_focused(key)
    activation = activations.get(key)
    panel = window.functions_tab.info_panel
    assert activation.name in find(window, QLabel, "infoTitle").text()
    for view, latex in (
        (panel.formula, activation.formula),
        (panel.derivative_formula, activation.derivative_formula),
    ):
        assert view.latex() == latex
        assert not view.pixmap().isNull() and view.pixmap().width() > 20
    details = find(window, QLabel, "infoDetails").text()
    notes = function_notes()[key]
    for field in ("range", "intuition"):
        assert notes[field].split(",")[0].replace("'", "&#x27;")[:20] in details
    assert activation.torch_equivalent.replace("'", "&#x27;") in details
    for heading in ("Typical uses", "Limitations", "References"):
        assert heading in details
    for reference in notes["references"]:
        assert reference.split(".")[0].replace("'", "&#x27;") in details


def test_every_function_has_complete_notes():
    notes = function_notes()
    assert set(notes) == set(activations.keys())
    for entry in notes.values():
        assert entry["range"] and len(entry["intuition"]) > 40
        assert len(entry["uses"]) >= 2 and len(entry["limitations"]) >= 2


@pytest.mark.parametrize("key", activations.keys())
def test_every_card_cites_its_sources_or_says_there_is_none(key):
    """A reference reads "Authors (year). Title. Venue…" with a well-formed arXiv id or DOI
    where it gives one; a function without an introducing paper says so instead."""
    import re

    entry = function_notes()[key]
    assert entry["references"] or len(entry.get("origin", "")) > 40, key
    for reference in entry["references"]:
        assert re.match(r"^[^()]+ \((1[89]|20)\d\d\)\. \S.+\.", reference), reference
        for arxiv in re.findall(r"arXiv:(\S+?)(?=[,\s)]|$)", reference):
            assert re.fullmatch(r"\d{4}\.\d{4,5}", arxiv), reference
        for doi in re.findall(r"doi:(\S+?)(?=[,\s)]|$)", reference):
            assert re.fullmatch(r"10\.\d{4,5}/\S+", doi), reference


def test_corrected_claims_stay_corrected():
    """Claims a review found wrong; each was checked against the sources the card cites."""
    notes = function_notes()
    gelu_uses = " ".join(notes["gelu"]["uses"])
    assert "T5 v1.1" in gelu_uses and "BERT, GPT and T5" not in gelu_uses
    assert "∪ {0} ∪" in notes["hardshrink"]["range"]
    assert "inverse of the complementary log-log link" in notes["loglog"]["intuition"]
    assert "near x ≈ -0.75" not in notes["gelu"]["intuition"]
    assert "negative for every x < 0" in notes["gelu"]["intuition"]
    assert "roughly preserved" not in notes["lecun_tanh"]["intuition"]
    assert "0.75" in notes["lecun_tanh"]["intuition"]
    assert "only for large positive" in notes["logsigmoid"]["intuition"]


def test_lecun_tanh_second_moment_is_what_the_card_says():
    import mpmath as mp

    def f(x):
        return mp.mpf("1.7159") * mp.tanh(2 * x / 3)

    moment = mp.quad(lambda x: f(x) ** 2 * mp.npdf(x), [-mp.inf, 0, mp.inf])
    assert float(moment) == pytest.approx(0.75, abs=0.005)


def test_gelu_comparison_appears_only_with_both_gelus(window, state):
    label = find(window, QLabel, "geluComparison")
    state.functions.set_shown(["gelu"])
    assert not label.isVisible()
    state.functions.set_shown(["gelu", "gelu_tanh"])
    assert label.isVisible()
    state.functions.set_sample_count(7)  # the comparison has a grid of its own
    where, largest = gelu_difference(state.functions.x_values())
    assert largest == pytest.approx(4.732e-4, rel=1e-3)
    assert abs(where) == pytest.approx(2.699, abs=1e-3)
    assert f"{largest:.3e}" in label.text() and "±2.69" in label.text()
    state.functions.set_x_range((0.0, 1.0))
    where, largest = gelu_difference(state.functions.x_values())
    assert where == pytest.approx(1.0) and f"{largest:.3e}" in label.text()


def test_gelu_difference_is_refined_between_samples():
    coarse = np.linspace(-6, 6, 13)
    where, largest = gelu_difference(coarse)
    exact, approximate = activations.get("gelu"), activations.get("gelu_tanh")
    dense = np.linspace(-6, 6, 600001)
    assert abs(where) == pytest.approx(2.6989, abs=1e-3)
    assert largest == pytest.approx(
        np.abs(exact.value(dense) - approximate.value(dense)).max(), rel=1e-6
    )
