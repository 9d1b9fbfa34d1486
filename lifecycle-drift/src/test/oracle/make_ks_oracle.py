#!/usr/bin/env python3
"""Writes the SciPy oracle for KolmogorovSmirnov, CramerVonMises and Wasserstein.

Run from the repository root with SciPy 1.17 / NumPy 2.x:

    python3 lifecycle-drift/src/test/oracle/make_ks_oracle.py

Output: lifecycle-drift/src/test/resources/oracle/drift_oracle.txt.gz, a gzip'd text file that the
Java tests parse (OracleFile.java). Every double is written with float.hex(), so Java reads exactly
the doubles SciPy saw. Lines:

    case <name>                      start of a sample pair
    ref <hex> <hex> ...              reference sample (unsorted, as generated)
    cur <hex> <hex> ...              current sample
    ks <alternative> <method> <used> <statistic> <pvalue> <location> <sign>
                                     alternative: two-sided|less|greater; method: auto|exact|asymp;
                                     used: exact|asymp (after SciPy's rules and fallbacks)
    cvm <method> <statistic> <pvalue>          scipy.stats.cramervonmises_2samp
    wd <distance> <distance / np.std(ref)>     scipy.stats.wasserstein_distance
    end
    kstwo <n> <x> <sf>               scipy.stats.kstwo.sf(x, n)

Samples are generated from a fixed seed, so re-running the script reproduces the file.
"""
import gzip
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "oracle", "drift_oracle.txt.gz")


def h(x):
    return float(x).hex()


def ks_lines(ref, cur):
    lines = []
    for alt in ("two-sided", "less", "greater"):
        for method in ("auto", "exact", "asymp"):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                r = stats.ks_2samp(ref, cur, alternative=alt, method=method)
            fell_back = any("Switching to" in str(w.message) for w in caught)
            if method == "asymp" or fell_back:
                used = "asymp"
            elif method == "exact":
                used = "exact"
            else:
                used = "exact" if max(len(ref), len(cur)) <= 10000 else "asymp"
            lines.append(f"ks {alt} {method} {used} {h(r.statistic)} {h(r.pvalue)} "
                         f"{h(r.statistic_location)} {int(r.statistic_sign)}")
    return lines


def case(out, name, ref, cur, cvm=True):
    ref = np.asarray(ref, dtype=np.float64)
    cur = np.asarray(cur, dtype=np.float64)
    out.append(f"case {name}")
    out.append("ref " + " ".join(h(v) for v in ref))
    out.append("cur " + " ".join(h(v) for v in cur))
    out.extend(ks_lines(ref, cur))
    finite = np.all(np.isfinite(ref)) and np.all(np.isfinite(cur))
    if cvm and finite and len(ref) > 1 and len(cur) > 1:
        for method in ("auto", "asymptotic") if max(len(ref), len(cur)) <= 20 else ("auto",):
            r = stats.cramervonmises_2samp(ref, cur, method=method)
            out.append(f"cvm {method} {h(r.statistic)} {h(r.pvalue)}")
    if finite:
        wd = stats.wasserstein_distance(ref, cur)
        sd = np.std(ref)
        out.append(f"wd {h(wd)} {h(wd / sd if sd > 0 else math.inf)}")
    out.append("end")


def main():
    rng = np.random.default_rng(20261123)
    out = [f"# scipy {scipy.__version__} numpy {np.__version__}"]
    case(out, "tiny-1x1", [1.0], [2.0], cvm=False)
    case(out, "tiny-3x2", [0.1, 0.2, 0.3], [0.25, 0.35])
    case(out, "tiny-5x4-overlap", rng.normal(size=5), rng.normal(size=4))
    case(out, "small-20x30-shift", rng.normal(size=20), rng.normal(0.8, 1, size=30))
    case(out, "small-12x17", rng.normal(size=12), rng.normal(size=17))
    case(out, "unequal-50x80", rng.normal(size=50), rng.normal(0.3, 1.2, size=80))
    case(out, "unequal-137x211", rng.normal(size=137), rng.normal(0.1, 1, size=211))
    case(out, "ties-integers-60x90", rng.integers(0, 5, size=60), rng.integers(0, 6, size=90))
    case(out, "ties-within-only-8x6", [1, 1, 2, 2, 3, 3, 4, 4], [1.5, 2.5, 2.5, 3.5, 5, 5])
    same = rng.normal(size=100)
    case(out, "identical-100", same, same.copy())
    case(out, "disjoint-100x100", np.arange(100.0), np.arange(100.0) + 1000)
    case(out, "disjoint-340x340-p-below-1e-200", rng.uniform(0, 1, 340), rng.uniform(2, 3, 340))
    case(out, "disjoint-300x420-p-below-1e-200", rng.uniform(0, 1, 300), rng.uniform(2, 3, 420))
    case(out, "infinities", [-math.inf, 0.5, 1.0, math.inf, 2.0], [math.inf, -1.0, 0.7, 3.0])
    case(out, "negative-zero", [-0.0, 1.0, 2.0, -0.0], [0.0, 0.5, 1.5])
    case(out, "asymp-shift-140x141", rng.normal(size=140), rng.normal(0.5, 1, size=141))
    case(out, "asymp-region-300x500", rng.normal(size=300), rng.normal(0.2, 1, size=500))
    case(out, "one-sided-fallback-2000x3000", rng.normal(size=2000), rng.normal(0.05, 1, size=3000))
    case(out, "big-shift-5000x6000-tiny-p", rng.normal(size=5000), rng.normal(0.9, 1, size=6000))
    case(out, "equal-10000x10000", np.round(rng.normal(size=10000), 5),
         np.round(rng.normal(0.02, 1, size=10000), 5))
    case(out, "exact-9000x10000", np.round(rng.normal(size=9000), 5),
         np.round(rng.normal(0.03, 1, size=10000), 5))
    case(out, "asymp-10001x12000", np.round(rng.normal(size=10001), 5),
         np.round(rng.normal(0.03, 1, size=12000), 5))
    # small p-values (1e-300 < p < 1e-4) from every p-value method
    case(out, "one-sided-exact-60x90-shift", rng.normal(size=60), rng.normal(-1.2, 1, size=90))
    case(out, "shift-3000x4000-small-p", np.round(rng.normal(size=3000), 5),
         np.round(rng.normal(0.25, 1, size=4000), 5))
    case(out, "auto-asymp-10001x400-small-p", np.round(rng.normal(size=10001), 5),
         np.round(rng.normal(-0.4, 1, size=400), 5))
    for n in (1, 2, 3, 5, 10, 37, 140, 141, 500, 1000, 5000, 20000, 100000, 100001, 500000):
        for x in (0.0005, 0.001, 0.003, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45,
                  0.5, 0.6, 0.8, 0.95):
            out.append(f"kstwo {n} {h(x)} {h(stats.kstwo.sf(x, n))}")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(("\n".join(out) + "\n").encode("ascii"))
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
