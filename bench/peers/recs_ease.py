"""Python peer of bench/recs-ml100k.ts: EASE (Steck 2019) and item-kNN cosine in NumPy/SciPy on the very
same split (train and test written by the TypeScript bench as 0-based "user<TAB>item" lines), scored with
the same metric definitions (Microsoft Recommenders' precision_at_k, recall_at_k, ndcg_at_k, map_at_k).

usage: /usr/bin/python3 bench/peers/recs_ease.py TRAIN TEST N_USERS N_ITEMS LAMBDA KNN_NEIGHBORS
prints one JSON object: {"ease": {...}, "itemknn": {...}} with fit seconds and metrics at k = 10.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp

K = 10


def load(path, n_users, n_items):
    a = np.loadtxt(path, dtype=np.int64, ndmin=2)
    return sp.csr_matrix((np.ones(len(a)), (a[:, 0], a[:, 1])), shape=(n_users, n_items))


def metrics(scores, train, test):
    scores = scores.copy()
    scores[train.nonzero()] = -np.inf
    top = np.argsort(-scores, axis=1, kind="stable")[:, :K]
    disc = 1 / np.log(np.arange(2, K + 2))
    p = r = n = m = 0.0
    users = 0
    for u in range(test.shape[0]):
        rel = set(test.indices[test.indptr[u] : test.indptr[u + 1]])
        if not rel:
            continue
        users += 1
        hits = np.array([i in rel for i in top[u]], dtype=float)
        p += hits.sum() / K
        r += hits.sum() / len(rel)
        n += (hits * disc).sum() / disc[: min(len(rel), K)].sum()
        m += (np.cumsum(hits) / np.arange(1, K + 1) * hits).sum() / min(len(rel), K)
    return {"precision": p / users, "recall": r / users, "ndcg": n / users, "map": m / users}


def main():
    train_path, test_path, n_users, n_items, lam, knn = sys.argv[1:7]
    n_users, n_items, lam, knn = int(n_users), int(n_items), float(lam), int(knn)
    train = load(train_path, n_users, n_items)
    test = load(test_path, n_users, n_items)
    out = {}

    t = time.perf_counter()
    g = (train.T @ train).toarray()
    g[np.diag_indices(n_items)] += lam
    p = np.linalg.inv(g)
    b = -p / np.diag(p)
    np.fill_diagonal(b, 0.0)
    fit = time.perf_counter() - t
    out["ease"] = {"fitSeconds": fit, **metrics(train @ b, train, test)}

    t = time.perf_counter()
    norms = np.sqrt(np.asarray(train.multiply(train).sum(axis=0))).ravel()
    norms[norms == 0] = 1
    sim = (train.T @ train).toarray() / np.outer(norms, norms)
    np.fill_diagonal(sim, 0.0)
    # keep the top-knn neighbours per item (row), as the TypeScript item-kNN does
    cut = np.argpartition(-sim, knn - 1, axis=1)[:, knn:]
    np.put_along_axis(sim, cut, 0.0, axis=1)
    fit = time.perf_counter() - t
    out["itemknn"] = {"fitSeconds": fit, **metrics(np.asarray(train @ sim), train, test)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
