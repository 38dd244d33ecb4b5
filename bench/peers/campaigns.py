"""Peer for bench/campaigns.ts: the lift statistics in SciPy on the same counts, timed.

Reads JSON from stdin: {"counts": [[x1, n1, x2, n2, mean1, var1, mean2, var2], ...], "repeats": R}.
For each row computes what storewise's liftVersusHoldout computes: Newcombe's hybrid score interval (by its
formula on scipy.stats.norm.ppf), the Katz relative-risk interval (scipy.stats.contingency.relative_risk),
the two-sided p-value (pooled z-test on scipy.stats.norm.sf, or scipy.stats.fisher_exact when an expected
cell is under 5) and Welch's interval (scipy.stats.ttest_ind_from_stats(equal_var=False) and
scipy.stats.t.ppf). Prints JSON: the values of the last repeat and the median seconds per repeat.
"""
import json
import sys
import time

import numpy as np
from scipy import stats
from scipy.stats.contingency import relative_risk


def wilson(x, n, z):
    p = x / n
    z2n = z * z / n
    c = (p + z2n / 2) / (1 + z2n)
    h = z / (1 + z2n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)


def lift(row, z):
    x1, n1, x2, n2, m1, v1, m2, v2 = row
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    p1, p2 = x1 / n1, x2 / n2
    d = p1 - p2
    lo = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    if x1 > 0 and x2 > 0:
        ci = relative_risk(int(x1), int(n1), int(x2), int(n2)).confidence_interval(0.95)
        rr = (ci.low - 1, ci.high - 1)
    else:
        rr = (float("nan"), float("nan"))
    s, f = x1 + x2, n1 + n2 - x1 - x2
    if min(n1, n2) * min(s, f) / (n1 + n2) >= 5:
        pool = s / (n1 + n2)
        zz = d / np.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2))
        pv = 2 * stats.norm.sf(abs(zz))
    else:
        pv = stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]])[1]
    w = stats.ttest_ind_from_stats(m1, np.sqrt(v1), n1, m2, np.sqrt(v2), n2, equal_var=False)
    va, vb = v1 / n1, v2 / n2
    df = (va + vb) ** 2 / (va**2 / (n1 - 1) + vb**2 / (n2 - 1))
    q = stats.t.ppf(0.975, df)
    se = np.sqrt(va + vb)
    return [lo, hi, rr[0], rr[1], pv, m1 - m2 - q * se, m1 - m2 + q * se, w.pvalue]


def main():
    data = json.load(sys.stdin)
    z = stats.norm.ppf(0.975)
    times = []
    out = []
    for _ in range(data["repeats"]):
        t0 = time.perf_counter()
        out = [lift(row, z) for row in data["counts"]]
        times.append(time.perf_counter() - t0)
    values = [[None if np.isnan(v) else float(v) for v in r] for r in out]  # JSON has no NaN
    print(json.dumps({"values": values, "seconds": float(np.median(times))}))


if __name__ == "__main__":
    main()
