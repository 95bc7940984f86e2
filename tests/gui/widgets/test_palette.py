"""Colours belong to function keys: distinct, and untouched by what else is registered."""

from dataclasses import replace

from core import activations
from gui.widgets import palette


def test_every_function_has_a_distinct_colour():
    colours = [palette.color_hex(key) for key in activations.keys()]
    assert len(set(colours)) == len(colours)
    assert set(palette.FUNCTION_COLORS) == set(activations.keys())


def test_a_new_function_changes_no_other_colour(monkeypatch):
    before = {key: palette.color_hex(key) for key in activations.keys()}
    # A function registered before the others (a user's own, or a future addition).
    newcomer = replace(activations.get("tanh"), key="custom_tanh_twice", name="tanh twice")
    registry = {"custom_tanh_twice": newcomer, **activations._REGISTRY}
    monkeypatch.setattr(activations, "_REGISTRY", registry)
    assert activations.keys()[0] == "custom_tanh_twice"
    assert {key: palette.color_hex(key) for key in before} == before


def test_a_function_without_its_own_colour_gets_a_spare_one_by_its_key():
    spare = palette.color_hex("custom_my_swish")
    assert spare in palette.SPARE_COLORS
    assert palette.color_hex("custom_my_swish") == spare  # the same key, the same colour
    assert not set(palette.SPARE_COLORS) & set(palette.FUNCTION_COLORS.values())
