"""Peer of bench/ease-scale.ts: EASE's fit with NumPy/SciPy (Steck 2019's reference code does the same):
G = X^T X (scipy.sparse, 0/1 entries summed as the engine's interaction matrix sums duplicates), + lambda
I, P = np.linalg.inv(G), B = -P / diag(P), diag(B) = 0; timed from the arrays to B, with the peak RSS."""
import json
import resource
import sys
import time

import numpy as np
from scipy import sparse

users_file, items_file, n_items, lam = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
users = np.fromfile(users_file, dtype=np.int32)
items = np.fromfile(items_file, dtype=np.int32)
started = time.perf_counter()
x = sparse.csr_matrix((np.ones(len(users)), (users, items)), shape=(users.max() + 1, n_items))
g = (x.T @ x).toarray()
g[np.diag_indices(n_items)] += lam
p = np.linalg.inv(g)
del g
b = p / (-np.diag(p))
b[np.diag_indices(n_items)] = 0
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "maxRSSKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
