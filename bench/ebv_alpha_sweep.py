"""Which alpha can the authors' EBV method meet? Runs their loop (ebv_official_peer.authors_loop,
numpy float64) from a Gaussian start (numpy default_rng(0)) for each alpha, up to 6000 steps, and
prints steps, whether their stopping rule held, and the last max |cos| (a step budget per alpha:
6000, or 3000 where that is all bench/EBV.md reports). The bench (bench/ebv.ts)
uses, for N > d, the smallest alpha of this sweep that was met; bench/EBV.md lists the output.
Usage: python3 bench/ebv_alpha_sweep.py  (about 10 minutes on 2 cores)
"""
import time

import numpy as np

from ebv_official_peer import authors_loop

SWEEP = [
    (1000, 1000, [(0.002, 6000)]),
    (1000, 500, [(0.1, 6000), (0.08, 6000), (0.06, 6000), (0.05, 6000), (0.045, 6000), (0.04, 6000), (0.037, 6000), (0.035, 6000)]),
    (1000, 100, [(0.25, 6000), (0.2, 6000), (0.15, 6000), (0.14, 6000), (0.135, 6000), (0.13, 3000), (0.12, 3000)]),
]

for N, d, alphas in SWEEP:
    welch = np.sqrt((N - d) / (d * (N - 1))) if N > d else 0.0
    for alpha, budget in alphas:
        V = np.random.default_rng(0).standard_normal((N, d))
        t0 = time.perf_counter()
        steps, stop, mx = authors_loop(V, alpha, 1e-3, budget)
        print(f"N={N} d={d} Welch={welch:.5f} alpha={alpha}: {stop} after {steps} steps, max|cos| {mx:.5f} ({time.perf_counter() - t0:.0f} s)", flush=True)
