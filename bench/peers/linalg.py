"""Peer of bench/linalg.ts: the inverse of the same SPD matrix (row-major float64 file), timed, by NumPy's
np.linalg.inv (LU: getrf + getri, 2 n^3 flops) and by SciPy's LAPACK Cholesky inverse (potrf + potri, n^3
flops, the upper triangle mirrored), each with the residual max |A A^-1 - I| on three rows."""
import json
import sys
import time

import numpy as np

path, n = sys.argv[1], int(sys.argv[2])
a = np.fromfile(path, dtype=np.float64).reshape(n, n)
rows = [0, n // 2, n - 1]


def timed(name, invert):
    started = time.perf_counter()
    inv = invert()
    seconds = time.perf_counter() - started
    residual = float(np.abs(a[rows] @ inv - np.eye(n)[rows]).max())
    return {"name": name, "seconds": seconds, "residual": residual}


results = [timed("numpy linalg.inv", lambda: np.linalg.inv(a))]
try:
    from scipy.linalg import lapack

    def potri():
        c, info = lapack.dpotrf(a, lower=False)
        if info != 0:
            raise ValueError(f"potrf info {info}")
        inv, info = lapack.dpotri(c, lower=False)
        if info != 0:
            raise ValueError(f"potri info {info}")
        return np.triu(inv) + np.triu(inv, 1).T

    results.append(timed("scipy lapack potrf + potri", potri))
except ImportError:  # SciPy is optional: NumPy alone is the peer then
    pass
try:
    from threadpoolctl import threadpool_info

    threads = ", ".join(f"{p['internal_api']} {p['num_threads']} threads" for p in threadpool_info())
except Exception:  # threadpoolctl is optional
    threads = "BLAS"
print(json.dumps({"threads": threads, "results": results}))
