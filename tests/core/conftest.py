"""Precision for the mpmath references of the core tests, set per module and restored after.

Setting ``mp.mp.dps`` at import would leak from one test file into the next, so the outcome
would depend on the order the files run in. Module scope, not function scope: hypothesis
refuses function-scoped fixtures around its tests.
"""

import mpmath as mp
import pytest

from tests.reference import DIGITS


@pytest.fixture(scope="module", autouse=True)
def _reference_precision():
    with mp.workdps(DIGITS):
        yield
