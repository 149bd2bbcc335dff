"""numpy peer of `ncverify metrics` for bench/metrics.ts (bench only: never a dependency of ncverify).

Written from the formulas of README.md ("Features of real networks"), the way a careful numpy user would: float64
throughout, the feature file memory-mapped and read in chunks (so it also works on files larger
than memory), BLAS for every product (X^T X scatter, X W^T logits, class-mean Grams), class pairs in
row blocks of the K x K Gram. Prints one JSON object with the same metric names as ncverify's JSON.

usage: python3 bench/metrics_peer.py FEATURES.npy LABELS.npy [W.npy [b.npy]]
"""
import json
import resource
import sys
import time

import numpy as np

EPS = np.finfo(np.float64).eps


def main():
    t0 = time.perf_counter()
    feats = np.load(sys.argv[1], mmap_mode='r')
    y_raw = np.load(sys.argv[2])
    W = np.load(sys.argv[3]).astype(np.float64) if len(sys.argv) > 3 else None
    b = np.load(sys.argv[4]).astype(np.float64) if len(sys.argv) > 4 else None
    N, d = feats.shape
    labels, y = np.unique(y_raw, return_inverse=True)
    K = len(labels)
    n = np.bincount(y, minlength=K).astype(np.float64)
    kw = W.shape[0] if W is not None else 0
    chunk = int(max(1024, min(65536, 2 ** 26 // max(d, kw, K))))

    # Pass 1: class sums.
    sums = np.zeros((K, d))
    for s in range(0, N, chunk):
        X = np.asarray(feats[s:s + chunk], dtype=np.float64)
        if not np.isfinite(X).all():
            raise SystemExit('non-finite features')
        yc = y[s:s + chunk]
        order = np.argsort(yc, kind='stable')
        ys = yc[order]
        starts = np.flatnonzero(np.r_[True, ys[1:] != ys[:-1]])
        sums[ys[starts]] += np.add.reduceat(X[order], starts, axis=0)
    M = sums / n[:, None]
    mu = {'sampleWeighted': sums.sum(0) / N, 'classMean': M.mean(0)}

    # Pass 2: within-class scatter, variances, decisions.
    Sw = np.zeros((d, d))
    var_sum = np.zeros(K)
    agree_b = agree_n = corr_b = corr_n = corr_ncc = 0
    agree_b_k = np.zeros(K)
    agree_n_k = np.zeros(K)
    if W is not None:
        Wrows = labels.astype(np.int64)  # class k's classifier row is its label value
        Mc0 = M - mu['classMean']
        cn = (Mc0 ** 2).sum(1)
    for s in range(0, N, chunk):
        X = np.asarray(feats[s:s + chunk], dtype=np.float64)
        yc = y[s:s + chunk]
        Z = X - M[yc]
        Sw += Z.T @ Z
        var_sum += np.bincount(yc, weights=np.einsum('ij,ij->i', Z, Z), minlength=K)
        if W is not None:
            L = X @ W.T
            pn = L.argmax(1)
            pb = (L + b).argmax(1) if b is not None else pn
            # Nearest class mean: argmin ||c_k||^2 - 2 (h - mu_G).c_k (the constant ||h - mu_G||^2 dropped).
            ncc = (cn[None, :] - 2 * ((X - mu['classMean']) @ Mc0.T)).argmin(1)
            nccrow = Wrows[ncc]
            agree_n += (pn == nccrow).sum()
            agree_b += (pb == nccrow).sum()
            agree_n_k += np.bincount(yc, weights=(pn == nccrow), minlength=K)
            agree_b_k += np.bincount(yc, weights=(pb == nccrow), minlength=K)
            corr_n += (pn == Wrows[yc]).sum()
            corr_b += (pb == Wrows[yc]).sum()
            corr_ncc += (ncc == yc).sum()
    Sw /= N
    trSw = var_sum.sum() / N
    variance = var_sum / n
    t1 = time.perf_counter()

    out = {'N': N, 'd': d, 'K': K, 'traceSigmaW': trSw, 'nc1': {}, 'nc2': {}, 'nc3': {}}
    Ed = (1 - 1 / K) / np.sqrt(K - 1)
    Eoff = -1 / (K * np.sqrt(K - 1))
    inv = 1 / (K - 1)
    block = max(1, min(K, 2 ** 24 // K))
    iu = None
    for conv, m in mu.items():
        C = M - m
        Sb = C.T @ C / K
        lam, V = np.linalg.eigh(Sb)
        quad = np.einsum('ij,ij->j', V, Sw @ V)
        top = lam.max()
        keep = lam > d * EPS * top
        keep_np = lam > 1e-15 * top
        desc = np.argsort(lam)[::-1][:K - 1]
        out['nc1'][conv] = {
            'pinv': float((quad[keep] / lam[keep]).sum() / K),
            'pinvNumpyCutoff': float((quad[keep_np] / lam[keep_np]).sum() / K),
            'topKMinus1': float((quad[desc] / lam[desc]).sum() / K) if K - 1 <= d else None,
            'traceQuotient': float(trSw / np.trace(Sb)),
            'rank': int(keep.sum()),
        }
        a = (C ** 2).sum(1)
        nrm = np.sqrt(a)
        U = C / nrm[:, None]
        G = None
        gfro = np.linalg.norm(C.T @ C)
        s = {k: 0.0 for k in ['cos', 'cos2', 'coh', 'gnc', 'gnc2', 'etf']}
        cnt = 0
        for i0 in range(0, K, block):
            G = C[i0:i0 + block] @ C.T
            cos = G / (nrm[i0:i0 + block, None] * nrm[None, :])
            mask = np.arange(K)[None, :] > np.arange(i0, min(K, i0 + block))[:, None]
            c = cos[mask]
            s['cos'] += c.sum(); s['cos2'] += (c * c).sum(); s['coh'] += np.abs(c + inv).sum()
            gk = -0.5 * np.log(2 - 2 * c)
            s['gnc'] += gk.sum(); s['gnc2'] += (gk * gk).sum()
            s['etf'] += ((G[mask] / gfro - Eoff) ** 2).sum()
            cnt += c.size
        mc, mg = s['cos'] / cnt, s['gnc'] / cnt
        out['nc2'][conv] = {
            'equinormCov': float(nrm.std(ddof=1) / nrm.mean()),
            'logNormVariance': float(np.log(nrm).var(ddof=1)),
            'coherence': s['coh'] / cnt,
            'cosineMean': mc, 'cosineStd': float(np.sqrt(max(0.0, s['cos2'] / cnt - mc * mc))),
            'etfError': float(np.sqrt(((a / gfro - Ed) ** 2).sum() + 2 * s['etf'])),
            'gnc2Mean': mg, 'gnc2Variance': float(s['gnc2'] / cnt - mg * mg),
        }
        if W is not None:
            Wk = W[labels.astype(np.int64)]
            wn = np.linalg.norm(Wk, axis=1)
            X = Wk @ C.T
            xf = np.linalg.norm(X)
            E = (np.eye(K) - 1 / K) / np.sqrt(K - 1)
            cosWC = (Wk * C).sum(1) / (wn * nrm)
            out['nc3'][conv] = {
                'selfDuality': float(np.linalg.norm(Wk / np.linalg.norm(Wk) - C / np.linalg.norm(C)) ** 2),
                'crossStructureError': float(np.linalg.norm(X / xf - E)),
                'unc3CosineMean': float(cosWC.mean()), 'unc3CosineVariance': float(cosWC.var(ddof=1)),
                'normalisedDistanceMean': float(np.linalg.norm(Wk / wn[:, None] - U, axis=1).mean()),
            }
    # CDNV, convention-free: distances between class means; classes with one sample have no
    # within-class variance to measure and are left out (as ncverify does, docs/metrics.md).
    Cm = M - mu['classMean']
    a = (Cm ** 2).sum(1)
    s = {p: [0.0, 0.0] for p in (1, 2, 4)}
    cnt = 0
    for i0 in range(0, K, block):
        G = Cm[i0:i0 + block] @ Cm.T
        D2 = a[i0:i0 + block, None] + a[None, :] - 2 * G
        mask = np.arange(K)[None, :] > np.arange(i0, min(K, i0 + block))[:, None]
        mask &= (n[i0:i0 + block, None] > 1) & (n[None, :] > 1)
        v = ((variance[i0:i0 + block, None] + variance[None, :]) / 2)[mask]
        dd = D2[mask]
        for p in (1, 2, 4):
            c = v / dd ** (p / 2)
            s[p][0] += c.sum(); s[p][1] += (c * c).sum()
        cnt += dd.size
    out['cdnv'] = {f'distancePower{p}': {'mean': s[p][0] / cnt, 'std': float(np.sqrt(max(0.0, s[p][1] / cnt - (s[p][0] / cnt) ** 2)))} for p in (1, 2, 4)}
    if W is not None:
        Wk = W[labels.astype(np.int64)]
        wn = np.linalg.norm(Wk, axis=1)
        Om = Wk @ Wk.T
        cw = (Om / np.outer(wn, wn))[np.triu_indices(K, 1)]
        ofro = np.linalg.norm(Om)
        E = (np.eye(K) - 1 / K) / np.sqrt(K - 1)
        out['classifier'] = {
            'equinormCov': float(wn.std(ddof=1) / wn.mean()), 'coherence': float(np.abs(cw + inv).mean()),
            'cosineMean': float(cw.mean()), 'etfError': float(np.linalg.norm(Om / ofro - E)),
        }
        rule = lambda agree, agree_k, corr: {'agreement': agree / N, 'classAveragedAgreement': float((agree_k / n).mean()), 'accuracy': corr / N}
        out['nc4'] = {'withoutBias': rule(int(agree_n), agree_n_k, int(corr_n)), 'nccAccuracy': int(corr_ncc) / N}
        if b is not None:
            out['nc4']['withBias'] = rule(int(agree_b), agree_b_k, int(corr_b))
    t2 = time.perf_counter()
    out['seconds'] = {'passes': t1 - t0, 'rest': t2 - t1, 'total': t2 - t0}
    out['maxRssMiB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == '__main__':
    main()
