"""The peer of `npm run bench:ebv`: the authors' EBV loop (Generate_EBV/Generate_EBV.py of
github.com/aassxun/Equiangular-Basis-Vectors, commit af3c984) in numpy float64 on the CPU, as a
user without a GPU would run it. Reads one job (JSON) from argv[1]: {"init": "V0.npy", "alpha",
"lr", "max_steps"}; prints one JSON line. The loop is theirs:

  for step in range(max_steps):
      V = normalize(V); G = V V^T; m = |G| - I; mx = max(alpha, m.max())
      if mx <= alpha + 1e-4: stop
      V -= lr * 2 * (sign(G) * [m > alpha]) @ V        # the gradient of sum relu(m - alpha)

Timed around the loop only (no interpreter start-up, no imports, no file reading).
"""
import json
import sys
import time

import numpy as np


def authors_loop(V, alpha, lr, max_steps):
    """Returns (steps, stop, max |cos| off the diagonal at the last check). V is modified."""
    N = V.shape[0]
    eye = np.eye(N)
    stop, step = "step-limit", max_steps - 1
    for step in range(max_steps):
        V /= np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-12)
        G = V @ V.T
        m = np.abs(G) - eye
        mx = max(alpha, m.max())
        if mx <= alpha + 1e-4:
            stop = "threshold"
            break
        if step == max_steps - 1:
            break
        V -= (lr * 2.0) * (np.where(m > alpha, np.sign(G), 0.0) @ V)
    np.fill_diagonal(G, 0.0)
    return step, stop, float(np.abs(G).max())


def main():
    job = json.loads(sys.argv[1])
    V = np.load(job["init"]).astype(np.float64)
    alpha, lr, max_steps = float(job["alpha"]), float(job["lr"]), int(job["max_steps"])
    t0 = time.perf_counter()
    step, stop, off = authors_loop(V, alpha, lr, max_steps)
    seconds = time.perf_counter() - t0
    print(json.dumps({"steps": step, "stop": stop, "maxAbsCos": off, "seconds": seconds}))


if __name__ == "__main__":
    main()
