"""The peer of `npm run bench`: scipy's L-BFGS-B (float64, numpy) on the full (W, H, b) ufm-ce
problem, as a user would write it. Reads one job (JSON) from argv[1], prints one JSON line.

Objective (same as src/problems/ufm-ce/problem.ts, mean CE over the N samples, ridge on W, H, b):
  f = (1/N) sum_i CE(W h_i + b, y_i) + lW/2 ||W||^2 + lH/2 ||H||^2 + lb/2 ||b||^2
Flat layout (shared with ncverify): W (K x d, row-major), H (d x N, row-major, class by class), b (K).

Stopping rule (identical for both solvers): stop at the first iterate x with
  ||grad f(x)||_2 <= tol * max(1, |f(x)|),
checked after every L-BFGS-B iteration through the callback (scipy's own gtol/ftol tests are
switched off so they can stop neither earlier nor later).
"""
import json
import resource
import sys
import time

import numpy as np
from scipy.optimize import minimize


def make_objective(K, n, d, lw, lh, lb):
    N = int(sum(n))
    y = np.repeat(np.arange(K), n)
    cols = np.arange(N)
    onehot = np.zeros((K, N))
    onehot[y, cols] = 1.0
    kd, dn = K * d, d * N

    def fg(x):
        W = x[:kd].reshape(K, d)
        H = x[kd:kd + dn].reshape(d, N)
        b = x[kd + dn:]
        Z = W @ H + b[:, None]
        m = Z.max(axis=0)
        E = np.exp(Z - m)
        s = E.sum(axis=0)
        ce = np.sum(np.log(s) + m - Z[y, cols]) / N
        f = ce + 0.5 * lw * np.dot(x[:kd], x[:kd]) + 0.5 * lh * np.dot(x[kd:kd + dn], x[kd:kd + dn]) + 0.5 * lb * np.dot(b, b)
        G = (E / s - onehot) / N
        g = np.empty_like(x)
        g[:kd] = (G @ H.T + lw * W).ravel()
        g[kd:kd + dn] = (W.T @ G + lh * H).ravel()
        g[kd + dn:] = G.sum(axis=1) + lb * b
        return f, g

    return fg


def solve(job):
    fg = make_objective(job["K"], job["n"], job["d"], job["lambdaW"], job["lambdaH"], job["lambdaB"])
    x0 = np.fromfile(job["x0"], dtype="<f8")
    tol = job["tol"]
    last = {}

    def counted(x):
        f, g = fg(x)
        last["x"], last["f"], last["g"] = x.copy(), f, g
        return f, g

    def callback(intermediate_result):
        x = intermediate_result.x
        if "x" in last and np.array_equal(last["x"], x):
            f, g = last["f"], last["g"]
        else:
            f, g = fg(x)
        last["stop_f"], last["stop_g"] = f, float(np.linalg.norm(g))
        if last["stop_g"] <= tol * max(1.0, abs(f)):
            raise StopIteration

    t0 = time.perf_counter()
    c0 = time.process_time()
    res = minimize(counted, x0, jac=True, method="L-BFGS-B", callback=callback,
                   options={"maxcor": 10, "gtol": 0.0, "ftol": 0.0, "maxiter": 10**6, "maxfun": 10**7})
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    f, g = fg(res.x)
    gn = float(np.linalg.norm(g))
    return {
        "seconds": seconds, "cpuSeconds": cpu_seconds, "objective": float(f), "gradNorm": gn,
        "converged": bool(gn <= tol * max(1.0, abs(f))), "iterations": int(res.nit), "evaluations": int(res.nfev),
        "message": str(res.message),
    }


def main():
    job = json.loads(sys.argv[1])
    out = solve(job)
    # ru_maxrss is in KiB on Linux.
    out["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()
