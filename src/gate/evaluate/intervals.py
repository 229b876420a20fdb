"""Intervals and tests for noise-aware comparisons, each a few lines, checked in
tests/test_intervals.py against published worked examples (and scipy/statsmodels, test
extras only). Pure math on floats: no I/O, no policy.

- Wilson's score interval for one proportion (Newcombe 1998a, method 3);
- Newcombe's hybrid score interval for the difference of two independent proportions
  (Newcombe 1998b, method 10), built from the two Wilson intervals;
- Newcombe's interval for the difference of two paired proportions (Newcombe 1998c,
  method 10) and McNemar's exact test on the discordant pairs;
- the normal interval of a difference of two estimates with standard errors;
- Student's t interval of a mean (paired differences, repeated runs);
- Holm's step-down procedure over a family of one-sided p-values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

Interval = tuple[float, float]


def z_score(level: float) -> float:
    return normal_quantile((1 + level) / 2)


def normal_quantile(p: float) -> float:
    from statistics import NormalDist  # with fractions: only for an interval, not every run

    return NormalDist().inv_cdf(p)


def wilson(p: float, n: float, level: float) -> Interval:
    n = float(n)  # a huge integer count: float arithmetic saturates where int would overflow
    z = z_score(level)
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(max(0.0, p * (1 - p) / n + z2 / (4 * n * n)))
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(p1: float, n1: float, p2: float, n2: float, level: float) -> Interval:
    """p1 − p2 for independent samples of n1 and n2."""
    l1, u1 = wilson(p1, n1, level)
    l2, u2 = wilson(p2, n2, level)
    d = p1 - p2
    return d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)


def newcombe_paired(a: float, b: float, c: float, d: float, level: float) -> Interval:
    """p1 − p2 for paired outcomes: a both positive, b the first only, c the second only,
    d neither (p1 = (a + b)/n, p2 = (a + c)/n)."""
    n = a + b + c + d
    e, f, g, h = a + b, c + d, a + c, b + d
    p1, p2 = e / n, g / n
    l2, u2 = wilson(p1, n, level)
    l3, u3 = wilson(p2, n, level)
    phi = 0.0
    if e * f * g * h:
        cross = a * d - b * c
        corrected = cross - n / 2 if cross > n / 2 else (0.0 if cross >= 0 else cross)
        phi = corrected / math.sqrt(float(e) * f * g * h)
    x, y = p1 - l2, u3 - p2
    low = math.sqrt(max(0.0, x * x - 2 * phi * x * y + y * y))
    x, y = u2 - p1, p2 - l3
    high = math.sqrt(max(0.0, x * x - 2 * phi * x * y + y * y))
    theta = p1 - p2
    return max(-1.0, theta - low), min(1.0, theta + high)


def normal_difference(d: float, se1: float, se2: float, level: float) -> Interval:
    half = z_score(level) * math.hypot(se1, se2)
    return d - half, d + half


def t_interval(values: Sequence[float], level: float) -> Interval:
    """The mean of `values` with Student's t interval (n ≥ 2)."""
    return t_of(*mean_sd(values), len(values), level)


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """The mean and the sample standard deviation (n ≥ 2), on values scaled to at most 1
    first, so that values near the largest floats do not overflow their squares."""
    n = len(values)
    scale = max(map(abs, values)) or 1.0
    scaled = [v / scale for v in values]
    mean = math.fsum(scaled) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in scaled) / (n - 1))
    return mean * scale, sd * scale


def t_of(mean: float, sd: float, n: float, level: float) -> Interval:
    """Student's t interval of a mean from its sample's mean, deviation and size."""
    half = t_quantile((1 + level) / 2, n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def mcnemar(b: int, c: int) -> float:
    """McNemar's exact two-sided p-value: 2 · P(X ≤ min(b, c)), X ~ Bin(b + c, 1/2)."""
    n, k = b + c, min(b, c)
    if b == c:
        return 1.0
    return min(1.0, 2 * binomial_cdf(k, n))


def binomial_cdf(k: int, n: int) -> float:
    """P(X ≤ k) for X ~ Bin(n, 1/2): the regularised incomplete beta I_½(n − k, k + 1)."""
    return 1.0 if k >= n else incomplete_beta(0.5, n - k, k + 1)


def t_quantile(p: float, df: float) -> float:
    """Student's t quantile, by bisection on its distribution function."""
    if df > 1e7:
        return normal_quantile(p)
    low, high = -1e6, 1e6
    for _ in range(200):
        middle = (low + high) / 2
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def t_cdf(t: float, df: float) -> float:
    tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2, 0.5)
    return 1 - tail if t > 0 else tail


def incomplete_beta(x: float, a: float, b: float) -> float:
    """The regularised incomplete beta function I_x(a, b), by Lentz's continued fraction
    (Numerical Recipes' betacf), in log space so that large a and b do not overflow."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
        + a * math.log(x) + b * math.log1p(-x)
    )  # fmt: skip
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _fraction(x, a, b) / a
    return 1 - math.exp(log_front) * _fraction(1 - x, b, a) / b


def _fraction(x: float, a: float, b: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 100_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return result


def holm(p_values: Sequence[float], alpha: float) -> list[bool]:
    """Which hypotheses Holm's step-down procedure rejects at family-wise level `alpha`."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected = [False] * len(p_values)
    for rank, index in enumerate(order):
        if p_values[index] > alpha / (len(p_values) - rank):
            break
        rejected[index] = True
    return rejected


def one_sided_p(lower_at: Callable[[float], float], limit: float) -> float:
    """The one-sided p-value of "the worsening exceeds `limit`", from the two-sided
    interval at each level: the level at which the interval's lower bound meets the limit,
    as (1 − level)/2. Bisection: the bound falls as the level rises."""
    if lower_at(1e-9) <= limit:
        return 0.5
    low, high = 1e-9, 1 - 1e-12
    if lower_at(high) > limit:
        return (1 - high) / 2
    for _ in range(60):
        middle = (low + high) / 2
        if lower_at(middle) > limit:
            low = middle
        else:
            high = middle
    return (1 - (low + high) / 2) / 2
