#!/usr/bin/env python3
"""Peer of `pnpm bench forecast`: the weekly demand backtest of @storewise/engine's `backtestDemand`, redone
with pandas and statsmodels on the UCI Online Retail CSV.

Demand series, as Storewise's online-retail import and `demandSeries` build them (read from
packages/engine/src/import/formats/online-retail.ts, docs/import-formats.md and
packages/engine/src/forecast/demand-series.ts):
- every field read as text; exact duplicate rows (all eight fields equal) count once;
- InvoiceNo and StockCode trimmed, a row missing either is rejected; an invoice starting with C (or c) is a
  return of |Quantity| units, any other row a purchase; a Quantity that is not a number, is 0, or is negative
  on a purchase is rejected; a UnitPrice that is not a number or is negative is rejected; an unparseable
  InvoiceDate is rejected (read as UTC);
- weeks are ISO weeks (Monday, UTC); an item's demand in a week is purchased minus returned units, at least 0;
- asOf is just after the last event; the window ends at the start of asOf's week (`end`), the held-out weeks
  are the last `horizon` before it, the history at most `history` weeks before those;
- an item's series starts at its first week with a purchase (as demandSeries does: returns before it, and
  items only ever returned, are no demand; `returnFirst` in the output counts items whose first row is a
  return only); items whose series starts within the held-out weeks are new items, not scored.

Methods on each scored item's history: (a) SimpleExpSmoothing (initialization_method='estimated', optimized),
(b) ExponentialSmoothing(trend='add', damped_trend=True, initialization_method='estimated'), the damping
bounded to [0.8, 0.98] as Storewise's holt-damped (--phi-bounds default; 'none' for statsmodels' own), (c) the
naive (last value) and mean baselines. A history too short for a method takes the next simpler one, by
Storewise's minimum lengths (core/src/forecast/fit.ts): SES needs 3 values, damped Holt 5 (else SES, else
mean), naive 2 (else mean); such items are counted in `fellBack`. Forecasts are clamped at 0, as Storewise's.
Scores as demand-backtest.ts: WAPE = sum |f - a| / held-out units, bias = sum (f - a) / held-out units,
MASE = mean over items whose history has 2+ values and is not constant of MAE / mean |y_t - y_{t-1}|.

Also times SES over every item's full series (history and held-out weeks, as `forecastDemand` forecasts).

Usage: /usr/bin/python3 bench/peers/forecast_backtest.py online_retail.csv.gz [--horizon 8] [--history 104]
         [--items-out items.json] [--phi-bounds 0.8,0.98|none]
Prints one JSON object; --items-out writes {sku: [series start ms, history length, history units,
held-out units, SES in-sample SSE, damped Holt in-sample SSE, SES [alpha, l0], damped Holt [alpha, beta, phi,
l0, b0]]} of every scored item (SSE and parameters null where the history was too short).
"""
import argparse
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.holtwinters import ExponentialSmoothing, SimpleExpSmoothing

warnings.simplefilter("ignore")
WEEK_MS = 7 * 86_400_000
MIN_SES = 3
MIN_DAMPED = 5
MIN_NAIVE = 2


def load(path):
    t0 = time.perf_counter()
    cols = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    rows = len(df)
    df = df.drop_duplicates(subset=cols)
    duplicates = rows - len(df)
    invoice = df["InvoiceNo"].str.strip()
    sku = df["StockCode"].str.strip()
    is_return = invoice.str.startswith("C") | invoice.str.startswith("c")
    qty = pd.to_numeric(df["Quantity"], errors="coerce")
    price = pd.to_numeric(df["UnitPrice"], errors="coerce")
    ts = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    ok = (
        (invoice != "")
        & (sku != "")
        & qty.notna()
        & (qty != 0)
        & ~((qty < 0) & ~is_return)
        & price.notna()
        & (price >= 0)
        & ts.notna()
    )
    events = pd.DataFrame(
        {
            "sku": sku[ok],
            "ret": is_return[ok],
            "units": qty[ok].abs(),
            "ts": ts[ok],
        }
    )
    return events, {"rows": rows, "duplicates": duplicates, "rejected": int((~ok).sum()), "events": len(events)}, time.perf_counter() - t0


def week_start_ms(ts):
    # pandas' weekly periods 'W' (= 'W-SUN') run Monday..Sunday: their start is the ISO week's Monday.
    return ts.dt.to_period("W").dt.start_time.astype("int64") // 1_000_000


def weekly_series(events, start, end):
    """Each item's dense weekly series over [its first purchase's week, end), from `start` on; sorted by sku."""
    ev = events[(events["ts"].astype("int64") // 1_000_000) < end]
    week = week_start_ms(ev["ts"])
    g = (
        pd.DataFrame({"sku": ev["sku"].values, "week": week.values, "ret": ev["ret"].values, "units": ev["units"].values})
        .assign(bought=lambda d: np.where(d["ret"], 0.0, d["units"]), back=lambda d: np.where(d["ret"], d["units"], 0.0))
        .groupby(["sku", "week"], sort=True)[["bought", "back"]]
        .sum()
        .reset_index()
    )
    out = {}
    return_first = 0
    for sku, rows in g.groupby("sku", sort=True):
        bought = rows[rows["bought"] > 0]
        if rows["bought"].iloc[0] == 0:
            return_first += 1
        if len(bought) == 0:
            continue  # only ever returned: no demand, not listed
        first = int(bought["week"].iloc[0])
        frm = max(first, start)
        n = (end - frm) // WEEK_MS
        units = np.zeros(n)
        keep = rows[rows["week"] >= frm]
        k = ((keep["week"].values - frm) // WEEK_MS).astype(int)
        units[k] = np.maximum(0.0, keep["bought"].values - keep["back"].values)
        out[sku] = (frm, units)
    return out, return_first


def ses_fit(y):
    if len(y) < MIN_SES:
        return None
    return SimpleExpSmoothing(y, initialization_method="estimated").fit()


def damped_fit(y, phi_bounds):
    if len(y) < MIN_DAMPED:
        return None
    model = ExponentialSmoothing(y, trend="add", damped_trend=True, initialization_method="estimated")
    if phi_bounds is not None:
        model = ExponentialSmoothing(
            y, trend="add", damped_trend=True, initialization_method="estimated", bounds={"damping_trend": phi_bounds}
        )
    return model.fit()


DAMPED_PARAMS = ("smoothing_level", "smoothing_trend", "damping_trend", "initial_level", "initial_trend")


def params_of(fit, names):
    return [float(fit.params[name]) for name in names]


class Tally:
    def __init__(self):
        self.abs_error = 0.0
        self.error = 0.0
        self.mase = 0.0
        self.mase_items = 0
        self.fell_back = 0
        self.seconds = 0.0

    def score(self, history, actual, forecast):
        e = forecast - actual
        self.abs_error += float(np.abs(e).sum())
        self.error += float(e.sum())
        if len(history) < 2 or np.all(history == history[0]):
            return
        scale = float(np.abs(np.diff(history)).mean())
        self.mase += float(np.abs(e).mean()) / scale
        self.mase_items += 1

    def summary(self, units):
        return {
            "wape": self.abs_error / units if units > 0 else None,
            "bias": self.error / units if units > 0 else None,
            "mase": self.mase / self.mase_items if self.mase_items else None,
            "maseItems": self.mase_items,
            "fellBack": self.fell_back,
            "seconds": self.seconds,
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--horizon", type=int, default=8)
    ap.add_argument("--history", type=int, default=104)
    ap.add_argument("--items-out")
    ap.add_argument("--phi-bounds", default="0.8,0.98")
    a = ap.parse_args()
    h = a.horizon
    phi_bounds = None if a.phi_bounds == "none" else tuple(float(v) for v in a.phi_bounds.split(","))

    events, counts, load_s = load(a.csv)
    as_of = pd.Timestamp(events["ts"].max()) + pd.Timedelta(milliseconds=1)
    end = int(week_start_ms(pd.Series([as_of])).iloc[0])
    test_start = end - h * WEEK_MS
    history_start = test_start - a.history * WEEK_MS

    t0 = time.perf_counter()
    series, return_first = weekly_series(events, history_start, end)
    series_s = time.perf_counter() - t0

    ses, damped, naive, mean = Tally(), Tally(), Tally(), Tally()
    items = 0
    new_items = 0
    actual_units = 0.0
    earliest = test_start
    longest = 0
    per_item = {}
    for sku, (frm, units) in series.items():
        # As backtestDemand: an item without demand in the history is not forecast (a new item when it
        # sold in the held-out weeks).
        if frm >= test_start or not (units[:-h] > 0).any():
            if (units[-h:] > 0).any():
                new_items += 1
            continue
        items += 1
        earliest = min(earliest, frm)
        history = units[:-h]
        actual = units[-h:]
        longest = max(longest, len(history))
        actual_units += float(actual.sum())
        per_item[sku] = [frm, len(history), float(history.sum()), float(actual.sum())]
        history_mean = np.full(h, history.mean())

        t = time.perf_counter()
        fit = ses_fit(history)
        f = None if fit is None else fit.forecast(h)
        ses.seconds += time.perf_counter() - t
        per_item[sku].append(None if fit is None else float(fit.sse))
        ses_params = None if fit is None else params_of(fit, ("smoothing_level", "initial_level"))
        if f is None:
            ses.fell_back += 1
            f = history_mean
        ses.score(history, actual, np.maximum(0.0, f))

        t = time.perf_counter()
        fit = damped_fit(history, phi_bounds)
        damped_fitted = fit
        if fit is None:
            fit = ses_fit(history)
            damped.fell_back += 1
        f = None if fit is None else fit.forecast(h)
        damped.seconds += time.perf_counter() - t
        per_item[sku].append(None if damped_fitted is None else float(damped_fitted.sse))
        per_item[sku].append(ses_params)
        per_item[sku].append(None if damped_fitted is None else params_of(damped_fitted, DAMPED_PARAMS))
        if f is None:
            f = history_mean
        damped.score(history, actual, np.maximum(0.0, f))

        t = time.perf_counter()
        f = np.full(h, history[-1]) if len(history) >= MIN_NAIVE else None
        naive.seconds += time.perf_counter() - t
        if f is None:
            naive.fell_back += 1
            f = history_mean
        naive.score(history, actual, f)
        t = time.perf_counter()
        f = np.full(h, history.mean())
        mean.seconds += time.perf_counter() - t
        mean.score(history, actual, f)

    # forecastDemand's work for SES: every item with demand in the history, its full series up to `end`.
    t0 = time.perf_counter()
    full_fits = 0
    for sku, (frm, units) in series.items():
        fit = ses_fit(units)
        if fit is not None:
            fit.forecast(h)
            full_fits += 1
    full_s = time.perf_counter() - t0

    if a.items_out:
        with open(a.items_out, "w") as fh:
            json.dump(per_item, fh)
    iso = lambda ms: pd.Timestamp(ms, unit="ms").isoformat() + "Z"
    json.dump(
        {
            "versions": {
                "python": sys.version.split()[0],
                "pandas": pd.__version__,
                "numpy": np.__version__,
                "statsmodels": statsmodels.__version__,
            },
            "import": counts,
            "loadSeconds": load_s,
            "seriesSeconds": series_s,
            "asOf": as_of.isoformat() + "Z",
            "historyStart": iso(earliest),
            "testStart": iso(test_start),
            "testEnd": iso(end),
            "items": items,
            "newItems": new_items,
            "actualUnits": actual_units,
            "longestHistory": longest,
            "returnFirst": return_first,
            "phiBounds": list(phi_bounds) if phi_bounds else None,
            "scores": {
                "ses": ses.summary(actual_units),
                "holt-damped": damped.summary(actual_units),
                "naive": naive.summary(actual_units),
                "mean": mean.summary(actual_units),
            },
            "forecast": {"series": len(series), "sesFits": full_fits, "seconds": full_s},
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
