"""Reference values for packages/core/test/recs/metrics.test.ts.

A pandas re-implementation of Microsoft Recommenders' ranking metrics (python_evaluation: precision_at_k,
recall_at_k, ndcg_at_k with binary relevance and natural log, map_at_k, map), written from their
definitions, run on the small worked example of the test. Run: /usr/bin/python3 bench/peers/recs_metrics_ref.py
"""
import numpy as np
import pandas as pd

K = 3
# recommendations, best first, per user; the score column just encodes the order
recs = {0: [1, 2, 3], 1: [4, 0], 2: [1, 2, 3], 3: [5, 6, 7]}
truth = {0: [2, 3, 5, 6], 1: [0], 2: [7], 3: [7, 9, 5]}

pred = pd.DataFrame(
    [(u, i, float(len(items) - r)) for u, items in recs.items() for r, i in enumerate(items)],
    columns=["user", "item", "prediction"],
)
true = pd.DataFrame([(u, i, 1.0) for u, items in truth.items() for i in items], columns=["user", "item", "rating"])

common = set(true.user) & set(pred.user)
n_users = len(common)
top = pred.sort_values(["user", "prediction"], ascending=[True, False]).groupby("user").head(K).copy()
top["rank"] = top.groupby("user").cumcount() + 1
hit = top.merge(true, on=["user", "item"])[["user", "item", "rank"]]
counts = hit.groupby("user").size().rename("hit").to_frame().join(true.groupby("user").size().rename("actual"))

precision = (counts.hit / K).sum() / n_users
recall = (counts.hit / counts.actual).sum() / n_users

dcg = (1 / np.log(1 + hit["rank"])).groupby(hit.user).sum().reindex(sorted(common), fill_value=0.0)
ideal = true.groupby("user").size().clip(upper=K)
idcg = ideal.apply(lambda m: sum(1 / np.log(1 + r) for r in range(1, m + 1)))
ndcg = (dcg / idcg).mean()

hit = hit.sort_values(["user", "rank"])
hit["rr"] = (hit.groupby("user").cumcount() + 1) / hit["rank"]
rr = hit.groupby("user").rr.sum().to_frame().join(counts)
map_at_k = (rr.rr / rr.actual.clip(upper=K)).sum() / n_users
map_full = (rr.rr / rr.actual).sum() / n_users
mrr = (1 / hit.groupby("user")["rank"].min()).sum() / n_users
hit_rate = len(hit.user.unique()) / n_users

for name, v in [("precision", precision), ("recall", recall), ("ndcg", ndcg), ("map", map_at_k),
                ("mapFull", map_full), ("mrr", mrr), ("hitRate", hit_rate)]:
    print(f"{name}: {v!r},")
