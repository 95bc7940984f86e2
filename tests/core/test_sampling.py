"""core.sampling: each step against its definition, the two libraries' orders, the draw."""

import numpy as np
import pytest

from core import sampling
from core.softmax import softmax

EXAMPLE = [3.0, 2.0, 1.0, 0.0, -1.0]


def test_the_order_decides_how_many_tokens_top_p_keeps():
    temperature_first = sampling.apply(EXAMPLE, [("temperature", 2.0), ("top_p", 0.9)])
    temperature_last = sampling.apply(EXAMPLE, [("top_p", 0.9), ("temperature", 2.0)])
    assert temperature_first[-1].kept == 4 and temperature_last[-1].kept == 3
    # At T = 2 the four largest hold 0.942 of the mass, three only 0.846; at T = 1 three
    # hold 0.957.
    p = softmax(np.array(EXAMPLE) / 2)
    assert p[:3].sum() < 0.9 < p[:4].sum()
    assert softmax(EXAMPLE)[:2].sum() < 0.9 < softmax(EXAMPLE)[:3].sum()


def test_both_presets_on_the_example():
    def run(preset):
        steps = [(name, 2.0 if name == "temperature" else value) for name, value in preset]
        steps = [(name, 0.9 if name == "top_p" else value) for name, value in steps]
        steps = [(name, 0.0 if name == "min_p" else value) for name, value in steps]
        return sampling.apply(EXAMPLE, steps)[-1]

    huggingface, llama = run(sampling.PRESETS["huggingface"]), run(sampling.PRESETS["llama.cpp"])
    assert huggingface.kept == 4 and llama.kept == 3
    assert [name for name, _ in sampling.PRESETS["llama.cpp"]][-1] == "temperature"
    assert [name for name, _ in sampling.PRESETS["huggingface"]][1] == "temperature"


def test_each_step_by_its_definition():
    z = np.array([2.0, 1.0, 1.0, 0.0, -3.0])
    assert np.isinf(sampling.top_k(z, 2)).tolist() == [False, False, False, True, True]  # tie
    assert np.count_nonzero(sampling.top_k(z, 1) > -np.inf) == 1
    p = softmax(z)
    kept = sampling.min_p(z, 0.3) > -np.inf
    np.testing.assert_array_equal(kept, p >= 0.3 * p.max())
    np.testing.assert_array_equal(sampling.temperature(z, 0.5), 2 * z)
    penalised = sampling.repetition_penalty(z, 2.0, seen=[0, 4, 4])
    np.testing.assert_array_equal(penalised, [1.0, 1.0, 1.0, 0.0, -6.0])
    # Typical: the token whose surprisal is nearest the entropy goes first.
    entropy = -np.sum(p * np.log(p))
    nearest = int(np.argmin(np.abs(-np.log(p) - entropy)))
    assert np.flatnonzero(sampling.typical_p(z, 1e-9) > -np.inf).tolist() == [nearest]
    # Every step keeps at least one token, however strict.
    for step, value in (("top_p", 1e-12), ("min_p", 1.0), ("typical_p", 1e-12), ("top_k", 1)):
        assert sampling.apply(z, [(step, value)])[-1].kept >= 1


def test_stages_hold_every_distribution_and_bad_values_are_refused():
    stages = sampling.apply(EXAMPLE, [("top_k", 3), ("temperature", 0.5)])
    assert [stage.step for stage in stages] == ["logits", "top_k", "temperature"]
    np.testing.assert_allclose([stage.probabilities.sum() for stage in stages], 1.0)
    assert stages[1].probabilities[3:].tolist() == [0.0, 0.0]
    for step, value in (("top_k", 0), ("top_p", 0.0), ("temperature", -1.0), ("min_p", 2.0)):
        with pytest.raises(ValueError, match=step):
            sampling.apply(EXAMPLE, [(step, value)])
    with pytest.raises(ValueError, match="unknown step"):
        sampling.apply(EXAMPLE, [("beam", 3)])


def test_a_seeded_draw_follows_the_probabilities():
    p = softmax(EXAMPLE)
    counts = sampling.draw(p, 100_000, seed=3)
    assert counts.sum() == 100_000
    np.testing.assert_array_equal(counts, sampling.draw(p, 100_000, seed=3))
    np.testing.assert_allclose(counts / 100_000, p, atol=0.01)
    assert sampling.draw([0.0, 1.0, 0.0], 50)[1] == 50
