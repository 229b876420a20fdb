"""Wilson score intervals: how sure a proportion measured on n examples is.

For an observed proportion p on n samples and a two-sided confidence level L, with
z = Φ⁻¹((1 + L) / 2):

    centre = (p + z²/2n) / (1 + z²/n)
    half   = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²)
    interval = [centre − half, centre + half]

Unlike the normal approximation it stays inside [0, 1] and behaves at p = 0 or 1 and for
small n. Rules `>=`/`>` are judged on the lower bound, `<=`/`<` on the upper bound.
"""

from __future__ import annotations

import math


def z_score(level: float) -> float:
    from statistics import NormalDist  # only under --confidence

    return NormalDist().inv_cdf((1 + level) / 2)


def wilson_interval(p: float, n: float, level: float) -> tuple[float, float]:
    n = float(n)  # a huge integer count: float arithmetic saturates where int would overflow
    z = z_score(level)
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)
