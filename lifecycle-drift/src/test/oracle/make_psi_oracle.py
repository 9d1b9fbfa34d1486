#!/usr/bin/env python3
"""Writes the PSI / chi-square / JS / Hellinger / L-infinity / multiple-testing oracle fixtures.

Run from anywhere: python3 make_psi_oracle.py
Needs NumPy and SciPy 1.17. Output: ../resources/oracle/*.tsv, one case per block:
    case<TAB>name
    key<TAB>value            (doubles as float.hex, lists comma-separated, null category as \\N)
    end
Java tests parse these files and never need Python.
"""
import math
import os

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'oracle')
EPS = 1e-4


def fmt(x):
    x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x.hex()


def fmt_list(xs):
    return ','.join(fmt(x) for x in xs)


def fmt_cats(xs):
    return ','.join('\\N' if x is None else x for x in xs)


def quantile_type7(sorted_ref, q):
    """NumPy's linear quantile, with the limit where NumPy gives NaN next to an infinity."""
    n = len(sorted_ref)
    virtual = (n - 1) * q
    if virtual >= n - 1:
        prev = nxt = n - 1
    else:
        prev = int(math.floor(virtual))
        nxt = prev + 1
    g = virtual - prev
    a, b = float(sorted_ref[prev]), float(sorted_ref[nxt])
    if math.isinf(a) or math.isinf(b):
        if a == b or g == 0:
            return a
        if g == 1:
            return b
        return a if a == -math.inf else b
    d = b - a
    return b - d * (1 - g) if g >= 0.5 else a + d * g


def numeric_edges(ref, bins):
    ref = np.sort(np.asarray(ref, dtype=float) + 0.0)
    qs = np.arange(1, bins) / bins
    mine = np.array([quantile_type7(ref, q) for q in qs])
    if np.all(np.isfinite(ref)):
        assert np.array_equal(mine, np.quantile(ref, qs)), 'type-7 reimplementation differs from NumPy'
    return np.unique(mine + 0.0)


def numeric_counts(ref, cur, bins, missing):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    rm, cm = int(np.isnan(ref).sum()), int(np.isnan(cur).sum())
    ref, cur = ref[~np.isnan(ref)] + 0.0, cur[~np.isnan(cur)] + 0.0
    edges = numeric_edges(ref, bins)
    r = np.bincount(np.searchsorted(edges, ref, side='left'), minlength=len(edges) + 1)
    c = np.bincount(np.searchsorted(edges, cur, side='left'), minlength=len(edges) + 1)
    labels = ['RANGE'] * len(r)
    if missing == 'BIN' and (rm or cm):
        r, c, labels = np.append(r, rm), np.append(c, cm), labels + ['MISSING']
    return edges, r.astype(np.int64), c.astype(np.int64), labels


def categorical_counts(ref, cur, missing):
    cats = sorted({x for x in ref if x is not None})
    index = {x: i for i, x in enumerate(cats)}
    k = len(cats)
    r = np.zeros(k + 1, dtype=np.int64)
    c = np.zeros(k + 1, dtype=np.int64)
    for x in ref:
        if x is not None:
            r[index[x]] += 1
    for x in cur:
        if x is not None:
            c[index.get(x, k)] += 1
    labels = cats + ['UNSEEN']
    rm, cm = sum(x is None for x in ref), sum(x is None for x in cur)
    if missing == 'BIN' and (rm or cm):
        r, c, labels = np.append(r, rm), np.append(c, cm), labels + ['MISSING']
    return r, c, labels


def psi(r, c, smoothing, alpha):
    n, m, size = r.sum(), c.sum(), len(r)
    if smoothing == 'SMOOTHED':
        e = (r + alpha) / (n + alpha * size)
        a = (c + alpha) / (m + alpha * size)
    else:
        e = np.where(r == 0, EPS, r / n)
        a = np.where(c == 0, EPS, c / m)
    terms = (a - e) * np.log(a / e)
    value = float(np.sum(terms))
    p = float(stats.chi2.sf(value / (1.0 / n + 1.0 / m), size - 1))
    return value, p, terms


def distances(r, c):
    p, q = r / r.sum(), c / c.sum()
    js = float(jensenshannon(p, q, base=2))
    hel = math.sqrt(0.5 * math.fsum((math.sqrt(x) - math.sqrt(y)) ** 2 for x, y in zip(p, q)))
    assert abs(hel - math.sqrt(max(0.0, 1 - np.sum(np.sqrt(p * q))))) < 1e-7
    return js, hel


def write_psi_case(f, name, kind, ref, cur, bins, smoothing, alpha, missing):
    if kind == 'numeric':
        edges, r, c, _ = numeric_counts(ref, cur, bins, missing)
        f.write(f'case\t{name}\nkind\tnumeric\nreference\t{fmt_list(ref)}\ncurrent\t{fmt_list(cur)}\n')
        f.write(f'edges\t{fmt_list(edges)}\n')
    else:
        r, c, labels = categorical_counts(ref, cur, missing)
        f.write(f'case\t{name}\nkind\tcategorical\nreference\t{fmt_cats(ref)}\ncurrent\t{fmt_cats(cur)}\n')
        f.write(f'labels\t{fmt_cats(labels)}\n')
    value, p, terms = psi(r, c, smoothing, alpha)
    js, hel = distances(r, c)
    f.write(f'bins\t{bins}\nsmoothing\t{smoothing}\nalpha\t{fmt(alpha)}\nmissing\t{missing}\n')
    f.write(f"refcounts\t{','.join(map(str, r))}\ncurcounts\t{','.join(map(str, c))}\n")
    f.write(f'contributions\t{fmt_list(terms)}\npsi\t{fmt(value)}\npvalue\t{fmt(p)}\n')
    f.write(f'js\t{fmt(js)}\nhellinger\t{fmt(hel)}\nend\n')


def write_psi(rng):
    normal = rng.normal(0, 1, 1000)
    shifted = rng.normal(0.3, 1.2, 800)
    ties = rng.integers(0, 4, 500).astype(float)
    ties_cur = rng.integers(0, 5, 300).astype(float)
    inf_ref = np.concatenate([rng.normal(0, 1, 200), [np.inf] * 30, [-np.inf] * 25])
    inf_cur = np.concatenate([rng.normal(0.1, 1, 150), [np.inf] * 5, [-np.inf] * 40])
    many_inf = np.concatenate([[-np.inf] * 35, rng.normal(0, 1, 40), [np.inf] * 25])
    many_inf_cur = np.concatenate([[-np.inf] * 10, rng.normal(0, 1, 50), [np.inf] * 45])
    zeros = np.array([-0.0, 0.0, -0.0, 1.0, -1.0, 0.0, 2.0, -0.0, 3.0, 0.5] * 5)
    zeros_cur = np.array([0.0, -0.0, 0.0, 0.0, 1.0, 2.0, -2.0] * 4)
    with_nan = np.where(rng.random(400) < 0.05, np.nan, rng.normal(0, 1, 400))
    with_nan_cur = np.where(rng.random(300) < 0.2, np.nan, rng.normal(0, 1, 300))
    big_ref, big_cur = rng.lognormal(0, 1, 2000), rng.lognormal(0.05, 1, 1500)
    cases = [
        ('normal_shift', normal, shifted, 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('normal_shift_floor', normal, shifted, 10, 'EPSILON_FLOOR', 0.5, 'REJECT'),
        ('identical', normal, normal, 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('ties_duplicate_edges', ties, ties_cur, 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('ties_duplicate_edges_floor', ties, ties_cur, 10, 'EPSILON_FLOOR', 0.5, 'REJECT'),
        ('infinities', inf_ref, inf_cur, 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('infinite_edges', many_inf, many_inf_cur, 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('negative_zero', zeros, zeros_cur, 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('unequal_sizes', normal[:50], rng.normal(0, 1, 5000), 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('twenty_bins_alpha_one', big_ref, big_cur, 20, 'SMOOTHED', 1.0, 'REJECT'),
        ('lognormal_floor', big_ref, big_cur, 10, 'EPSILON_FLOOR', 0.5, 'REJECT'),
        ('one_reference_value', np.array([2.5]), np.array([1.0, 2.5, 3.0]), 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('all_equal_reference', np.full(40, 7.0), rng.normal(7, 1, 60), 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('nan_binned', with_nan, with_nan_cur, 10, 'SMOOTHED', 0.5, 'BIN'),
        ('nan_omitted', with_nan, with_nan_cur, 10, 'SMOOTHED', 0.5, 'OMIT'),
        ('two_bins', normal, shifted, 2, 'SMOOTHED', 0.5, 'REJECT'),
        ('huge_shift_tiny_p', big_ref, big_ref + 3.0, 10, 'SMOOTHED', 0.5, 'REJECT'),
    ]
    colours = ['red', 'green', 'blue', 'amber']
    ref_cat = list(rng.choice(colours, 600, p=[0.4, 0.3, 0.2, 0.1]))
    cur_cat = list(rng.choice(colours + ['violet'], 500, p=[0.3, 0.3, 0.2, 0.1, 0.1]))
    ref_null = [None if rng.random() < 0.05 else x for x in ref_cat]
    cur_null = [None if rng.random() < 0.15 else x for x in cur_cat]
    cat_cases = [
        ('categorical_unseen', ref_cat, cur_cat, 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('categorical_unseen_floor', ref_cat, cur_cat, 10, 'EPSILON_FLOOR', 0.5, 'REJECT'),
        ('categorical_same', ref_cat, ref_cat[:300], 10, 'SMOOTHED', 0.5, 'REJECT'),
        ('categorical_missing_bin', ref_null, cur_null, 10, 'SMOOTHED', 0.5, 'BIN'),
        ('categorical_missing_omit', ref_null, cur_null, 10, 'SMOOTHED', 0.5, 'OMIT'),
        ('categorical_one_category', ['a'] * 30, ['a'] * 20 + ['b'] * 5, 10, 'SMOOTHED', 0.5, 'REJECT'),
    ]
    with open(os.path.join(OUT, 'psi.tsv'), 'w') as f:
        f.write(f'# generated by make_psi_oracle.py, numpy {np.__version__}, scipy {scipy.__version__}\n')
        for c in cases:
            write_psi_case(f, c[0], 'numeric', *c[1:])
        for c in cat_cases:
            write_psi_case(f, c[0], 'categorical', *c[1:])
    return cat_cases


def write_categorical(cat_cases):
    with open(os.path.join(OUT, 'categorical.tsv'), 'w') as f:
        f.write(f'# chi-square homogeneity and L-infinity, scipy {scipy.__version__}\n')
        for name, ref, cur, _, _, _, missing in cat_cases:
            r, c, labels = categorical_counts(ref, cur, missing)
            keep = [i for i in range(len(r)) if r[i] + c[i] > 0]  # UNSEEN/MISSING only when non-empty
            table = np.array([r[keep], c[keep]])
            if table.shape[1] < 2:
                chi, p, dof = 0.0, 1.0, 0
            else:
                res = stats.chi2_contingency(table, correction=False)
                chi, p, dof = res.statistic, res.pvalue, res.dof
            pr, pc = r / r.sum(), c / c.sum()
            diffs = np.abs(pr - pc)
            top = int(np.argmax(diffs))
            f.write(f'case\t{name}\nreference\t{fmt_cats(ref)}\ncurrent\t{fmt_cats(cur)}\n')
            f.write(f'missing\t{missing}\nchi2\t{fmt(chi)}\npvalue\t{fmt(p)}\ndof\t{dof}\n')
            f.write(f'linf\t{fmt(diffs[top])}\nlinf_category\t{labels[top]}\nend\n')


def holm(p):
    m = len(p)
    order = np.argsort(p, kind='stable')
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adj[i] = running
    return adj


def write_corrections(rng):
    sets = [
        [0.01, 0.04, 0.03, 0.005, 0.2, 0.9],
        [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216],
        list(rng.uniform(0, 0.1, 25)),
        [0.5],
        [0.02, 0.02, 0.02, 0.02],
        [1e-300, 1e-12, 0.049, 1.0],
    ]
    with open(os.path.join(OUT, 'corrections.tsv'), 'w') as f:
        f.write(f'# multiple-testing corrections at q = 0.05, scipy {scipy.__version__}\n')
        for i, ps in enumerate(sets):
            p = np.array(ps, dtype=float)
            bh = stats.false_discovery_control(p, method='bh')
            bonf = np.minimum(1.0, p * len(p))
            f.write(f'case\tset{i}\np\t{fmt_list(p)}\nbh\t{fmt_list(bh)}\nholm\t{fmt_list(holm(p))}\n')
            f.write(f'bonferroni\t{fmt_list(bonf)}\nend\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261123)
    cat_cases = write_psi(rng)
    write_categorical(cat_cases)
    write_corrections(rng)


if __name__ == '__main__':
    main()
