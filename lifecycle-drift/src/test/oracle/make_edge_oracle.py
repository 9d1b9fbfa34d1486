#!/usr/bin/env python3
"""Writes the oracle for the numeric-edge tests (issue 11): ../resources/oracle/edges.tsv.

Run from anywhere: python3 make_edge_oracle.py   (needs NumPy, SciPy 1.17 and mpmath)

Every expected value is computed with exact rational arithmetic (fractions.Fraction over the exact
binary values of the doubles) or with mpmath at 60 significant digits, then rounded once to a double,
so the oracle does not share the rounding behaviour it is meant to catch. Format, one case per block:
    case<TAB>name
    ref<TAB>hex,hex,...      reference values (float.hex), optional
    cur<TAB>hex,hex,...      current values, optional
    counts<TAB>A=1,B=2       categorical counts, optional (refcounts / curcounts)
    <key><TAB>hex            expected values
    end
Java tests parse this file and never need Python.
"""
import math
import os
from fractions import Fraction

import mpmath
import numpy as np
from scipy.stats import chi2
from scipy.stats._hypotests import _cdf_cvm_inf

mpmath.mp.dps = 60
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'oracle', 'edges.tsv')


def fmt(x):
    x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x.hex()


def to_double(fr):
    """Correctly rounded double of a Fraction (Python's int/int true division rounds correctly)."""
    return fr.numerator / fr.denominator


def exact_mean_sd(values):
    xs = [Fraction(float(v)) for v in values]
    n = len(xs)
    mean = sum(xs) / n
    var = sum((x - mean) ** 2 for x in xs) / n
    sd = mpmath.sqrt(mpmath.mpf(var.numerator) / mpmath.mpf(var.denominator))
    return to_double(mean), float(sd)


def exact_wasserstein(ref, cur):
    """W1 = sum |F - G| (v_{k+1} - v_k) over the pooled sorted values, in exact rationals."""
    xs = sorted(Fraction(float(v)) for v in ref)
    ys = sorted(Fraction(float(v)) for v in cur)
    pooled = sorted(set(xs) | set(ys))
    n, m = len(xs), len(ys)
    i = j = 0
    total = Fraction(0)
    for k, v in enumerate(pooled):
        while i < n and xs[i] == v:
            i += 1
        while j < m and ys[j] == v:
            j += 1
        if k + 1 < len(pooled):
            total += abs(Fraction(i, n) - Fraction(j, m)) * (pooled[k + 1] - v)
    return total


def cvm_exact_t(x, y):
    """Exact T of the two-sample Cramér–von Mises statistic (integer arithmetic on doubled mid-ranks)."""
    n, m = len(x), len(y)
    pooled = np.concatenate([x, y])
    order = np.argsort(pooled, kind='stable')
    s = pooled[order]
    # doubled mid-ranks: 2 * (first + last + 2) / 2 over each run of ties, 1-based
    starts = np.r_[0, np.flatnonzero(s[1:] != s[:-1]) + 1]
    ends = np.r_[starts[1:], len(s)]
    twice = np.empty(len(s), dtype=np.int64)
    twice_run = starts + ends + 1          # 2 * mid-rank (1-based) = (start+1) + end
    twice[order] = np.repeat(twice_run, ends - starts)
    rx = np.sort(twice[:n])
    ry = np.sort(twice[n:])
    dx = rx - 2 * np.arange(1, n + 1, dtype=np.int64)
    dy = ry - 2 * np.arange(1, m + 1, dtype=np.int64)

    def exact_sum_sq(d):
        total = 0
        for chunk in np.array_split(d, max(1, len(d) // 1000)):
            total += int(np.sum(chunk * chunk))     # each chunk sum < 2^63
        return total

    u4 = n * exact_sum_sq(dx) + m * exact_sum_sq(dy)       # 4 U
    k = n * m
    t = Fraction(3 * u4 - 2 * k * (4 * k - 1), 12 * k * (n + m))
    return t


def cvm_asymptotic_p(t, n, m):
    """SciPy's asymptotic p-value (cramervonmises_2samp, method='asymptotic') from an exact T."""
    N = n + m
    k = n * m
    et = (1 + Fraction(1, N)) / 6
    vt = Fraction((N + 1) * (4 * k * N - 3 * (n * n + m * m) - 2 * k), 45 * N * N * 4 * k)
    tn = mpmath.mpf(1) / 6 + (mpmath.mpf((t - et).numerator) / (t - et).denominator) / mpmath.sqrt(
        45 * mpmath.mpf(vt.numerator) / vt.denominator)
    tn = float(tn)
    if tn < 0.003:
        return 1.0
    return max(1.0 - float(_cdf_cvm_inf(tn)), 0.0)


def cvm_generated(n):
    """The data CramerVonMisesEdgeTest generates: reference 0..n-1, current floor(j * 1.001)."""
    x = np.arange(n, dtype=np.int64)
    y = (np.arange(n, dtype=np.int64) * 1001) // 1000
    return x.astype(np.float64), y.astype(np.float64)


def mp(fr):
    return mpmath.mpf(fr.numerator) / fr.denominator


def categorical_oracle(ref_counts, cur_counts, alpha=0.5):
    cats = sorted(set(ref_counts))
    n = sum(ref_counts.values())
    m = sum(cur_counts.values())
    out = {}
    # PSI, smoothed, bins: reference categories + UNSEEN (empty here)
    bins = len(cats) + 1
    r = [ref_counts[c] for c in cats] + [0]
    c = [cur_counts.get(k, 0) for k in cats] + [0]
    half = Fraction(alpha)
    psi = mpmath.mpf(0)
    for ri, ci in zip(r, c):
        e = (ri + half) / (n + half * bins)
        a = (ci + half) / (m + half * bins)
        psi += mp(a - e) * mpmath.log(mp(a) / mp(e))
    out['psi'] = float(psi)
    # Jensen–Shannon distance, base 2, raw shares
    js = mpmath.mpf(0)
    for ri, ci in zip(r, c):
        p = Fraction(ri, n)
        q = Fraction(ci, m)
        mid = (p + q) / 2
        if p > 0:
            js += mp(p) * mpmath.log(mp(p) / mp(mid))
        if q > 0:
            js += mp(q) * mpmath.log(mp(q) / mp(mid))
    out['jensenShannon'] = float(mpmath.sqrt(js / (2 * mpmath.log(2))))
    # Hellinger, raw shares
    h = mpmath.mpf(0)
    for ri, ci in zip(r, c):
        h += (mpmath.sqrt(mp(Fraction(ri, n))) - mpmath.sqrt(mp(Fraction(ci, m)))) ** 2
    out['hellinger'] = float(mpmath.sqrt(h / 2))
    # Pearson chi-square (no correction), empty columns left out
    stat = Fraction(0)
    cols = 0
    for ri, ci in zip(r, c):
        if ri + ci == 0:
            continue
        cols += 1
        total = n + m
        er = Fraction(n * (ri + ci), total)
        ec = Fraction(m * (ri + ci), total)
        stat += (ri - er) ** 2 / er + (ci - ec) ** 2 / ec
    out['chiSquare'] = to_double(stat)
    out['chiSquarePValue'] = float(chi2.sf(to_double(stat), cols - 1))
    return out


def main():
    rng = np.random.default_rng(20261201)
    lines = []

    def block(name, ref=None, cur=None, expected=(), extra=()):
        lines.append('case\t' + name)
        if ref is not None:
            lines.append('ref\t' + ','.join(fmt(v) for v in ref))
        if cur is not None:
            lines.append('cur\t' + ','.join(fmt(v) for v in cur))
        for k, v in extra:
            lines.append(k + '\t' + v)
        for k, v in expected:
            lines.append(k + '\t' + fmt(v))
        lines.append('end')

    # standard deviation far from zero (and near it)
    samples = {
        'mean_1e6': 1e6 + rng.standard_normal(2000),
        'mean_1e9': 1e9 + rng.standard_normal(2000),
        'mean_1e9_sd_1e-3': 1e9 + 1e-3 * rng.standard_normal(2000),
        'mean_-3e15_sd_10': -3e15 + 10 * rng.standard_normal(2000),
        'tiny_1e-200': 3e-200 + 1e-200 * rng.standard_normal(2000),
        'huge_1e250': 5e250 + 1e250 * rng.standard_normal(2000),
    }
    for name, ref in samples.items():
        cur = ref + (ref[1] - ref[0]) * 0.25 + np.float64(0) * ref
        mean, sd = exact_mean_sd(ref)
        wd = exact_wasserstein(ref, cur)
        block('moments_' + name, ref=ref, cur=cur,
              expected=[('mean', mean), ('sd', sd), ('wasserstein', to_double(wd)),
                        ('wassersteinScaled', float(mp(wd) / mpmath.mpf(sd)))])

    # Wasserstein on finite values of magnitude 1e200 .. 1e308, both signs
    for name, seed in [('wide_a', 1), ('wide_b', 2)]:
        g = np.random.default_rng(seed)
        ref = np.sign(g.standard_normal(300)) * 10.0 ** g.uniform(200, 308, 300)
        cur = np.sign(g.standard_normal(200) + 0.3) * 10.0 ** g.uniform(200, 308, 200)
        mean, sd = exact_mean_sd(ref)
        wd = exact_wasserstein(ref, cur)
        block('wasserstein_' + name, ref=ref, cur=cur,
              expected=[('mean', mean), ('sd', sd), ('wasserstein', to_double(wd)),
                        ('wassersteinScaled', float(mp(wd) / mpmath.mpf(sd)))])

    # Cramér–von Mises at sizes where double accumulation loses digits
    for n in (1_000_000,):
        x, y = cvm_generated(n)
        t = cvm_exact_t(x, y)
        block('cvm_generated_%d' % n, extra=[('n', str(n))],
              expected=[('statistic', to_double(t)), ('pValue', cvm_asymptotic_p(t, n, n))])

    # binned statistics of nearly equal large categorical samples
    ref_counts = {'A': 1_000_003, 'B': 999_999, 'C': 500_000}
    cur_counts = {'A': 1_000_000, 'B': 1_000_001, 'C': 500_001}
    out = categorical_oracle(ref_counts, cur_counts)
    block('categorical_near_equal',
          extra=[('refcounts', ','.join('%s=%d' % kv for kv in sorted(ref_counts.items()))),
                 ('curcounts', ','.join('%s=%d' % kv for kv in sorted(cur_counts.items())))],
          expected=sorted(out.items()))

    with open(OUT, 'w', encoding='ascii') as f:
        f.write('# generated by src/test/oracle/make_edge_oracle.py; do not edit\n')
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
