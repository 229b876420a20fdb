"""The intervals and tests of noise-aware comparisons (src/gate/evaluate/intervals.py) against
published worked examples, and against scipy where no table exists (scipy is a test extra).

Sources (the numbers are the sources' own; where the paper's table could not be read, the R
packages whose tests reproduce it are named):
- Newcombe RG (1998a) Stat Med 17:857-872, Table I (Wilson, method 3), via the propint and
  ratesci test suites;
- Newcombe RG (1998b) Stat Med 17:873-890, Table II (independent, method 10), via propint and
  ratesci; Fagerland, Lydersen & Laake (2015) SMMR 24:224-254 (Perondi data, quoted in
  statsmodels' test_proportion.py);
- Newcombe RG (1998c) Stat Med 17:2635-2650 (paired, method 10), via propint and ratesci;
  Fagerland, Lydersen & Laake (2014) Stat Med 33:2850 (Bentur data); Fagerland, Lydersen &
  Laake (2017) Statistical Analysis of Contingency Tables, ch. 8 (Cavo data, p = 0.052479 for
  McNemar's exact test), via the contingencytables test suite;
- Holm: the worked example of Wikipedia's "Holm-Bonferroni method".
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.evaluate.intervals import (
    holm,
    mcnemar,
    newcombe,
    newcombe_paired,
    normal_difference,
    t_interval,
    t_quantile,
    wilson,
)


@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_1998a(x: int, n: int, low: float, high: float) -> None:
    assert [round(v, 4) for v in wilson(x / n, n, 0.95)] == [low, high]


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "low", "high"),
    [
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (7, 34, 1, 34, 0.019, 0.34),  # Fagerland et al. 2015, two decimals there
    ],
)
def test_the_difference_of_independent_proportions_matches_newcombe_1998b(  # noqa: PLR0917
    x1: int, n1: int, x2: int, n2: int, low: float, high: float
) -> None:
    places = 3 if low == 0.019 else 4
    got = newcombe(x1 / n1, n1, x2 / n2, n2, 0.95)
    assert [round(got[0], places), round(got[1], 2 if places == 3 else 4)] == [low, high]


def test_the_edge_cases_of_independent_proportions_stay_in_range() -> None:
    assert newcombe(1.0, 10, 0.0, 20, 0.95)[1] == 1.0  # statsmodels: (0.679086, 1.0)
    assert round(newcombe(1.0, 10, 0.0, 20, 0.95)[0], 6) == 0.679086
    assert [round(v, 6) for v in newcombe(0.0, 10, 0.0, 10, 0.95)] == [-0.277533, 0.277533]


@pytest.mark.parametrize(
    ("cells", "low", "high"),
    [
        ((36, 12, 2, 0), 0.0569, 0.3404),
        ((20, 12, 2, 16), 0.0562, 0.3292),
        ((53, 0, 0, 1), -0.0729, 0.0729),
        ((0, 30, 0, 0), 0.8395, 1.0),
        ((1, 1, 7, 12), -0.507, -0.026),  # Bentur data, three decimals there
        ((59, 6, 16, 80), -0.1186, -0.0046),  # Cavo data
    ],
)
def test_the_difference_of_paired_proportions_matches_newcombe_1998c(
    cells: tuple[int, int, int, int], low: float, high: float
) -> None:
    places = 3 if cells == (1, 1, 7, 12) else 4
    assert [round(v, places) for v in newcombe_paired(*cells, 0.95)] == [low, high]


def test_mcnemar_matches_the_cavo_example_and_scipy() -> None:
    assert round(mcnemar(6, 16), 6) == 0.052479  # Fagerland et al. 2017, ch. 8
    assert mcnemar(5, 5) == 1.0
    assert mcnemar(0, 1200) < 1e-300  # below the smallest double: no crash, no NaN


@settings(max_examples=60, deadline=None)
@given(b=st.integers(0, 3000), c=st.integers(0, 3000))
def test_mcnemar_agrees_with_scipy_s_binomial_test(b: int, c: int) -> None:
    import scipy.stats as scipy_stats

    if b + c == 0:
        return
    expected = scipy_stats.binomtest(min(b, c), b + c, 0.5).pvalue
    if expected < 1e-250:  # scipy loses its digits down there (0.0 for b=21, c=1054, where
        assert mcnemar(b, c) < 1e-250  # b=10 gives 5e-297): both say 'never', not the digits
        return
    assert mcnemar(b, c) == pytest.approx(expected, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(df=st.integers(1, 5000), p=st.floats(0.6, 0.9995))
def test_the_t_quantile_agrees_with_scipy(df: int, p: float) -> None:
    import scipy.stats as scipy_stats

    assert t_quantile(p, df) == pytest.approx(scipy_stats.t.ppf(p, df), rel=1e-9)


def test_t_and_normal_intervals_match_scipy_values() -> None:
    assert [round(v, 6) for v in t_interval([0.1, -0.2, 0.3, 0.0, 0.15], 0.95)] == [
        -0.160629,
        0.300629,
    ]
    assert [round(v, 6) for v in t_interval([0.81, 0.83, 0.80], 0.95)] == [0.775388, 0.851279]
    assert [round(v, 6) for v in normal_difference(0.02, 0.012, 0.015, 0.95)] == [-0.01765, 0.05765]


def test_holm_matches_the_worked_examples() -> None:
    assert holm([0.01, 0.04, 0.03, 0.005], 0.05) == [True, False, False, True]
    # step-down stops at the first it cannot reject, though 0.014 < 0.05/3
    assert holm([0.010, 0.013, 0.014, 0.190, 0.350], 0.05) == [True, False, False, False, False]
