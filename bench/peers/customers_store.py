"""Peer of bench/customers-store.ts: the same customer analytics with pandas / scikit-learn / SciPy on UCI Online
Retail, read from the CSV (pandas has no store; reading is timed apart from the analysis).

Rules as the engine: purchase rows (invoice not starting with C, quantity > 0, price >= 0, a customer id), exact
duplicate rows once; orders = distinct (customer, invoice) with value sum(qty x price) and time of the first line;
day-level summary (lifetimes' freq='D') as of the last order; RFM pd.cut of pct ranks; KMeans (k-means++,
n_init=3 per k of 2..8, silhouette on a 2000-row sample, best k refitted with n_init=10) on StandardScaler(log1p);
BG/NBD and Gamma-Gamma by scipy.optimize.minimize (L-BFGS-B) on bench/peers/clv.py's likelihoods; 90-day
expected purchases, P(alive) and 12-month CLV. Prints one JSON line.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

from clv import bgnbd_nll, clv, conditional_expected, gg_nll, probability_alive

t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1], dtype={'InvoiceNo': str, 'StockCode': str, 'CustomerID': str}, encoding='latin-1')
read_s = time.perf_counter() - t0

t0 = time.perf_counter()
df = df.drop_duplicates()
df = df[df.CustomerID.notna() & ~df.InvoiceNo.str.upper().str.startswith('C') & (df.Quantity > 0) & (df.UnitPrice >= 0)]
df = df.assign(t=pd.to_datetime(df.InvoiceDate), value=df.Quantity * df.UnitPrice)
orders = df.groupby(['CustomerID', 'InvoiceNo'], sort=False).agg(t=('t', 'min'), value=('value', 'sum')).reset_index()
as_of = orders.t.max().floor('D')
orders['day'] = orders.t.dt.floor('D')
per_day = orders.groupby(['CustomerID', 'day']).value.sum().reset_index().sort_values(['CustomerID', 'day'])
g = per_day.groupby('CustomerID')
first, last = g.day.min(), g.day.max()
s = pd.DataFrame({'x': g.size() - 1, 'tx': (last - first).dt.days, 'T': (as_of - first).dt.days,
                  'recency': (as_of - last).dt.days})
s['orders'] = orders.groupby('CustomerID').size()
s['spend'] = orders.groupby('CustomerID').value.sum()
rep = per_day.value.groupby(per_day.CustomerID).sum() - g.value.first()
s['m'] = np.where(s.x > 0, rep / s.x.clip(lower=1), 0.0)
bins = [0, .2, .4, .6, .8, 1]
for col, key in (('R', -s.recency), ('F', s.orders), ('M', s.spend)):
    s[col] = pd.cut(key.rank(pct=True), bins, labels=[1, 2, 3, 4, 5]).astype(int)
profiles_rfm_s = time.perf_counter() - t0

t1 = time.perf_counter()
Z = StandardScaler().fit_transform(np.log1p(s[['recency', 'orders', 'spend']].to_numpy(float)))
rng = np.random.default_rng(0)
sample = rng.choice(len(Z), size=min(2000, len(Z)), replace=False)
sil = {}
for k in range(2, 9):
    km = KMeans(k, n_init=3, random_state=k).fit(Z)
    sil[k] = silhouette_score(Z[sample], km.labels_[sample])
best_k = max(sil, key=lambda k: (sil[k], -k))
KMeans(best_k, n_init=10, random_state=best_k).fit(Z)
clusters_s = time.perf_counter() - t1

t2 = time.perf_counter()
x, tx, T, m = (s[c].to_numpy(float) for c in ('x', 'tx', 'T', 'm'))
bg = np.exp(minimize(bgnbd_nll, np.zeros(4), args=(x, tx, T), method='L-BFGS-B').x)
mask = x > 0
gg = np.exp(minimize(gg_nll, np.zeros(3), args=(x[mask], m[mask]), method='L-BFGS-B').x)
conditional_expected(bg, 90, x, tx, T)
probability_alive(bg, x, tx, T)
clv(bg, gg, x, tx, T, m, 12, 0.01, 30)
clv_s = time.perf_counter() - t2
total = time.perf_counter() - t0
print(json.dumps({
    'read_s': read_s, 'profiles_rfm_s': profiles_rfm_s, 'clusters_s': clusters_s, 'clv_s': clv_s, 'total_s': total,
    'customers': int(len(s)), 'orders': int(len(orders)), 'k': int(best_k),
    'bgnbd': dict(zip(['r', 'alpha', 'a', 'b'], bg.tolist())),
}))
