"""Reference values for packages/core/test/recs/factor-models.test.ts, computed with NumPy.

- EASE closed form (Steck 2019) on the 5 x 4 test matrix with lambda = 1.
- One ALS user half-step on the same matrix with weights: the exact solve and the conjugate-gradient
  update of the `implicit` library (cg_steps = 1 and 3), both from fixed initial factors.
Run: /usr/bin/python3 bench/peers/recs_models_ref.py
"""
import numpy as np

np.set_printoptions(precision=17)
rows = [[0, 1], [0, 1, 2], [1, 2], [2, 3], [0, 3]]
X = np.zeros((5, 4))
for u, items in enumerate(rows):
    X[u, items] = 1.0

# EASE
G = X.T @ X + 1.0 * np.eye(4)
P = np.linalg.inv(G)
B = -P / np.diag(P)
np.fill_diagonal(B, 0.0)
print("EASE B =", repr(B.ravel().tolist()))
print("EASE scores u0 =", repr((X[0] @ B).tolist()))

# ALS, f = 2, reg = 0.1, alpha = 2, weights W (u1's item 2 weighs 3)
W = X.copy()
W[1, 2] = 3.0
alpha, reg, f = 2.0, 0.1, 3
C = alpha * W
Xf = np.array([[0.01 * ((7 * j) % 11 + 1) for j in range(u * f, u * f + f)] for u in range(5)])
Yf = np.array([[0.1 * ((3 * j) % 7 + 1) for j in range(i * f, i * f + f)] for i in range(4)])
YtY = Yf.T @ Yf + reg * np.eye(f)

exact = np.zeros_like(Xf)
for u in range(5):
    A = YtY.copy()
    b = np.zeros(f)
    for i in np.nonzero(W[u])[0]:
        c = C[u, i]
        A += (c - 1) * np.outer(Yf[i], Yf[i])
        b += c * Yf[i]
    exact[u] = np.linalg.solve(A, b)
print("ALS exact X =", repr(exact.ravel().tolist()))

def cg_step(steps):
    cg = Xf.copy()
    for u in range(5):
        x = cg[u].copy()
        r = -YtY @ x
        for i in np.nonzero(W[u])[0]:
            c = C[u, i]
            r += (c - (c - 1) * Yf[i] @ x) * Yf[i]
        p = r.copy()
        rsold = r @ r
        for _ in range(steps):
            Ap = YtY @ p
            for i in np.nonzero(W[u])[0]:
                Ap += (C[u, i] - 1) * (Yf[i] @ p) * Yf[i]
            a = rsold / (p @ Ap)
            x += a * p
            r -= a * Ap
            rsnew = r @ r
            if rsnew < 1e-20:
                break
            p = r + (rsnew / rsold) * p
            rsold = rsnew
        cg[u] = x
    return cg

print("ALS cg1 X =", repr(cg_step(1).ravel().tolist()))
print("ALS cg3 X =", repr(cg_step(3).ravel().tolist()))
