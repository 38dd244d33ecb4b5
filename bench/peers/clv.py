#!/usr/bin/env python3
"""Python peer for bench/clv.ts: BG/NBD and Gamma-Gamma maximum likelihood with numpy/scipy.

A re-implementation of the `lifetimes` package's likelihoods and predictions (BetaGeoFitter,
GammaGammaFitter, utils._customer_lifetime_value), since lifetimes itself is not installed here:
- the negative log-likelihoods are lifetimes' (mean over customers, log-parameters), minimized with
  scipy.optimize.minimize, both with Nelder-Mead (lifetimes' own choice) and with L-BFGS-B (finite-difference
  gradient);
- the predictions use scipy.special.hyp2f1 on the untransformed series, as lifetimes does, so they check
  the Euler-transformed series of the TypeScript code.

Usage: python3 clv.py <cdnow_summary.csv> [--repeats N] [--check '<json>']
  --check takes {"bg": {r, alpha, a, b}, "gg": {p, q, gamma}, "t": horizon, "months": M, "discount": d,
  "unitsPerMonth": f} and adds per-customer predictions at those parameters to the output.
Prints one JSON object on stdout.
"""
import argparse
import json
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, gammaln, hyp2f1


def load(path):
    data = np.genfromtxt(path, delimiter=",", names=True)
    return data["x"], data["t_x"], data["T"], data["zbar"]


def bgnbd_ll_terms(params, x, tx, T):
    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(tx + alpha)
    mx = np.maximum(a3, a4)
    return a1 + a2 + np.log(np.exp(a3 - mx) + np.exp(a4 - mx) * (x > 0)) + mx


def bgnbd_nll(log_params, x, tx, T):
    return -bgnbd_ll_terms(np.exp(log_params), x, tx, T).mean()


def gg_ll_terms(params, x, m):
    p, q, v = params
    return (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + (p * x) * np.log(x)
        - (p * x + q) * np.log(x * m + v)
    )


def gg_nll(log_params, x, m):
    return -gg_ll_terms(np.exp(log_params), x, m).mean()


def timed_fit(fun, n_params, args, method, repeats):
    options = {"maxiter": 20000, "xatol": 1e-8, "fatol": 1e-12} if method == "Nelder-Mead" else {"gtol": 1e-9}
    times = []
    res = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = minimize(fun, np.zeros(n_params), args=args, method=method, tol=1e-10, options=options)
        times.append(time.perf_counter() - t0)
    return res, float(np.median(times))


def conditional_expected(params, t, x, tx, T):
    """lifetimes BetaGeoFitter.conditional_expected_number_of_purchases_up_to_time."""
    r, alpha, a, b = params
    _a, _b, _c = r + x, b + x, a + b + x - 1
    _z = t / (alpha + T + t)
    ln_hyp = np.log(hyp2f1(_a, _b, _c, _z))
    ln_hyp_alt = np.log(hyp2f1(_c - _a, _c - _b, _c, _z)) + (_c - _a - _b) * np.log(1 - _z)
    ln_hyp = np.where(np.isinf(ln_hyp), ln_hyp_alt, ln_hyp)
    first = (a + b + x - 1) / (a - 1)
    second = 1 - np.exp(ln_hyp + (r + x) * np.log((alpha + T) / (alpha + t + T)))
    denominator = 1 + (x > 0) * (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return first * second / denominator


def probability_alive(params, x, tx, T):
    r, alpha, a, b = params
    log_div = (r + x) * np.log((alpha + T) / (alpha + tx)) + np.log(a / (b + np.maximum(x, 1) - 1))
    return np.where(x == 0, 1.0, expit(-log_div))


def expected_new(params, t):
    r, alpha, a, b = params
    return (a + b - 1) / (a - 1) * (1 - hyp2f1(r, b, a + b - 1, t / (alpha + t)) * (alpha / (alpha + t)) ** r)


def expected_spend(params, x, m):
    p, q, v = params
    w = p * x / (p * x + q - 1)
    return (1 - w) * (v * p / (q - 1)) + w * m


def clv(bg, gg, x, tx, T, m, months, discount, factor):
    """lifetimes.utils._customer_lifetime_value with GammaGammaFitter's adjusted monetary value."""
    spend = expected_spend(gg, x, m)
    out = np.zeros_like(x)
    for i in np.arange(1, months + 1) * factor:
        n = conditional_expected(bg, i, x, tx, T) - conditional_expected(bg, i - factor, x, tx, T)
        out += spend * n / (1 + discount) ** (i / factor)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("summary")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--check")
    args = ap.parse_args()
    x, tx, T, zbar = load(args.summary)
    out = {"n": int(len(x)), "fits": {}}
    rep = x > 0
    for method in ("Nelder-Mead", "L-BFGS-B"):
        bg, bg_time = timed_fit(bgnbd_nll, 4, (x, tx, T), method, args.repeats)
        gg, gg_time = timed_fit(gg_nll, 3, (x[rep], zbar[rep]), method, args.repeats)
        bgp = np.exp(bg.x)
        ggp = np.exp(gg.x)
        out["fits"][method] = {
            "bgnbd": dict(zip(("r", "alpha", "a", "b"), map(float, bgp))),
            "bgnbdLogLikelihood": float(bgnbd_ll_terms(bgp, x, tx, T).sum()),
            "bgnbdIterations": int(bg.nit),
            "bgnbdEvaluations": int(bg.nfev),
            "bgnbdSeconds": bg_time,
            "gammaGamma": dict(zip(("p", "q", "gamma"), map(float, ggp))),
            "gammaGammaLogLikelihood": float(gg_ll_terms(ggp, x[rep], zbar[rep]).sum()),
            "gammaGammaSeconds": gg_time,
        }
    if args.check:
        c = json.loads(args.check)
        bg = (c["bg"]["r"], c["bg"]["alpha"], c["bg"]["a"], c["bg"]["b"])
        gg = (c["gg"]["p"], c["gg"]["q"], c["gg"]["gamma"])
        m = np.where(rep, zbar, 0.0)
        out["check"] = {
            "conditionalExpected": conditional_expected(bg, c["t"], x, tx, T).tolist(),
            "probabilityAlive": probability_alive(bg, x, tx, T).tolist(),
            "expectedNew": float(expected_new(bg, c["t"])),
            "expectedSpend": expected_spend(gg, x, m).tolist(),
            "clv": clv(bg, gg, x, tx, T, m, c["months"], c["discount"], c["unitsPerMonth"]).tolist(),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
