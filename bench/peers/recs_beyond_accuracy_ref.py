"""Reference values for packages/core/test/recs/beyond-accuracy.test.ts and group-metrics.test.ts, and the
check of `eval recs` on MovieLens 100K in docs/recommendations.md ("Beyond accuracy and fairness").

Microsoft Recommenders' python_evaluation.novelty and distributional_coverage (recommenders-team/
recommenders, recommenders/evaluation/python_evaluation.py) written out in pandas (the library is not
installed), the Gini index by the Lorenz-curve formula, ARP and APLT of Abdollahpouri, Burke and Mobasher
(FLAIRS-32, 2019) with the short head holding 20% of the training interactions, and per-group means of the
ranking metrics with their max/min ratio and difference across groups of at least 30 users.

Run: /usr/bin/python3 bench/peers/recs_beyond_accuracy_ref.py           (the tests' worked examples)
     /usr/bin/python3 bench/peers/recs_beyond_accuracy_ref.py DUMP.json (a dump of one model's run: its
     train pairs, lists, catalog size and per-user groups and NDCG; see docs/recommendations.md)
"""
import json
import sys

import numpy as np
import pandas as pd


def historical_item_novelty(train_df):
    n_records = train_df.shape[0]
    item_count = pd.DataFrame({"count": train_df.groupby(["item"]).size()}).reset_index()
    item_count["item_novelty"] = -np.log2(item_count["count"] / n_records)
    return item_count[["item", "item_novelty"]]


def novelty(train_df, reco_df):
    df_item_novelty = historical_item_novelty(train_df)
    n_recommendations = reco_df.shape[0]
    reco_item_count = pd.DataFrame({"count": reco_df.groupby(["item"]).size()}).reset_index()
    reco_item_novelty = reco_item_count.merge(df_item_novelty, on="item")
    reco_item_novelty["product"] = reco_item_novelty["count"] * reco_item_novelty["item_novelty"]
    return reco_item_novelty["product"].sum() / n_recommendations


def distributional_coverage(reco_df):
    df = pd.DataFrame({"count": reco_df.groupby(["item"]).size()}).reset_index()
    df["p(i)"] = df["count"] / reco_df.shape[0]
    df["entropy(i)"] = df["p(i)"] * np.log2(df["p(i)"])
    return -df["entropy(i)"].sum()


def gini(x):
    x = np.sort(np.asarray(x, dtype=float))
    n = len(x)
    j = np.arange(1, n + 1)
    return float(((2 * j - n - 1) * x).sum() / (n * x.sum()))


def short_head(pop, share=0.2):
    order = sorted(range(len(pop)), key=lambda i: (-pop[i], i))
    head, held = set(), 0.0
    for i in order:
        if held >= share * pop.sum() or pop[i] == 0:
            break
        head.add(i)
        held += pop[i]
    return head


def beyond(train_df, reco_df, n_items, share=0.2):
    pop = np.bincount(train_df["item"], minlength=n_items).astype(float)
    head = short_head(pop, share)
    exposure = np.bincount(reco_df["item"], minlength=n_items)
    per_list = reco_df.assign(pop=pop[reco_df["item"]], tail=~reco_df["item"].isin(head)).groupby("user")
    return {
        "coverage": reco_df["item"].nunique() / n_items,
        "gini": gini(exposure),
        "distributionalCoverage": distributional_coverage(reco_df),
        "novelty": novelty(train_df, reco_df),
        "arp": per_list["pop"].mean().mean(),
        "aplt": per_list["tail"].mean().mean(),
        "shortHeadItems": len(head),
    }


def disparity(per_user, min_size=30):
    g = per_user.groupby("group").agg(users=("ndcg", "size"), ndcg=("ndcg", "mean"))
    big = g[g.users >= min_size]
    return g, big.ndcg.max() / big.ndcg.min(), big.ndcg.max() - big.ndcg.min()


def worked_examples():
    # Catalog of 8 items; training popularity 6, 4, 3, 2, 2, 1, 0, 0 (18 interactions), in pairs that no
    # list repeats (Microsoft's functions refuse a recommended pair seen in training).
    pop = [6, 4, 3, 2, 2, 1, 0, 0]
    train = pd.DataFrame([(100 + n, i) for i, c in enumerate(pop) for n in range(c)], columns=["user", "item"])
    lists = {0: [0, 1, 2], 1: [0, 1, 6], 2: [0, 3], 4: [0, 2, 5]}  # user 3's list is empty
    reco = pd.DataFrame([(u, i) for u, items in lists.items() for i in items], columns=["user", "item"])
    for share in (0.2, 0.5):
        print(f"shortHeadShare {share}:", json.dumps(beyond(train, reco, 8, share)))
    # Per-group: 70 users, NDCG of user u = (u % 7) / 10, groups a (u < 35), b (35 <= u < 65), c (the rest,
    # 5 users: too small to compare).
    u = np.arange(70)
    per_user = pd.DataFrame({"ndcg": (u % 7) / 10, "group": np.where(u < 35, "a", np.where(u < 65, "b", "c"))})
    g, ratio, diff = disparity(per_user)
    print(g.to_dict(), "ratio", repr(ratio), "difference", repr(diff))


def tercile(values, bins=3):
    """Core's rank rule with ties kept together (docs/segments.md's rfm_score with `bins` scores)."""
    key = pd.Series(values, dtype=float)
    base = np.ceil(bins * key.rank(method="average") / len(key)).clip(1, bins)
    per_value = base.groupby(key).first().sort_index()
    m, prev, score = len(per_value), 0, {}
    for j, (value, s) in enumerate(per_value.items()):
        above = m - 1 - j
        if m == 1:
            s = np.ceil(bins / 2)
        elif j == 0:
            s = 1
        elif m >= bins:
            s = min(bins, max(s, prev, bins - above), prev + 1)
        else:
            s = max(prev + 1, min(s, bins - above))
        score[value] = int(s)
        prev = s
    return key.map(score)


def check_dump(path):
    d = json.load(open(path))
    train = pd.DataFrame({"user": d["trainUsers"], "item": d["trainItems"]})
    offsets = d["offsets"]
    users = np.repeat(d["users"], np.diff(offsets))
    reco = pd.DataFrame({"user": users, "item": d["items"]})
    print(json.dumps(beyond(train, reco, d["nItems"])))
    # Activity terciles from the training counts here, checked against the dump's groups.
    counts = train.groupby("user").size().reindex(d["users"]).values
    groups = tercile(counts).map({1: "light", 2: "medium", 3: "heavy"})
    print("activity groups as the dump's:", list(groups) == d["groups"])
    per_user = pd.DataFrame({"ndcg": d["ndcg"], "group": groups.values})
    g, ratio, diff = disparity(per_user)
    print(g.to_dict(), "ratio", repr(ratio), "difference", repr(diff))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        check_dump(sys.argv[1])
    else:
        worked_examples()
