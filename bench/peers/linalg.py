"""Peer of bench/linalg.ts: np.linalg.inv of the same SPD matrix (row-major float64 file), timed."""
import json
import sys
import time

import numpy as np

path, n = sys.argv[1], int(sys.argv[2])
a = np.fromfile(path, dtype=np.float64).reshape(n, n)
started = time.perf_counter()
inv = np.linalg.inv(a)
seconds = time.perf_counter() - started
rows = [0, n // 2, n - 1]
residual = float(np.abs(a[rows] @ inv - np.eye(n)[rows]).max())
try:
    from threadpoolctl import threadpool_info

    threads = ", ".join(f"{p['internal_api']} {p['num_threads']} threads" for p in threadpool_info())
except Exception:  # threadpoolctl is optional
    threads = "BLAS"
print(json.dumps({"seconds": seconds, "residual": residual, "threads": threads}))
