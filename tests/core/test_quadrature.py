"""core._quadrature.gauss_legendre against 40-digit mpmath and the rule's defining property."""

import mpmath as mp
import numpy as np
import pytest

from core._quadrature import gauss_legendre


@pytest.mark.parametrize("points", [2, 8, 24])
@mp.workdps(40)
def test_nodes_and_weights_match_high_precision_roots(points):
    nodes, weights = gauss_legendre(points)
    for node, weight in zip(nodes, weights, strict=True):
        root = mp.findroot(lambda t: mp.legendre(points, t), mp.mpf(node))
        slope = mp.diff(lambda t: mp.legendre(points, t), root)
        exact_weight = 2 / ((1 - root**2) * slope**2)
        assert abs(node - root) <= 2.5e-16
        assert abs(weight - exact_weight) <= 5e-14 * exact_weight


@pytest.mark.parametrize("points", [8, 24])
def test_the_rule_is_exact_up_to_degree_2n_minus_1_and_symmetric(points):
    nodes, weights = gauss_legendre(points)
    for degree in range(0, 2 * points, 3):
        exact = 0.0 if degree % 2 else 2.0 / (degree + 1)
        assert np.sum(weights * nodes**degree) == pytest.approx(exact, abs=1e-14)
    np.testing.assert_array_equal(nodes, -nodes[::-1])
    np.testing.assert_array_equal(weights, weights[::-1])
    assert np.all(np.diff(nodes) > 0)


def test_a_rule_needs_two_points():
    with pytest.raises(ValueError, match="at least 2"):
        gauss_legendre(1)
