"""Detector metrics (AUROC with ties, TPR at a false-positive rate), Platt calibration and threshold
choice by false-positive rate. Definitions match src/cli/eval/metrics.ts."""
from __future__ import annotations

import math

import numpy as np


def _ranks(x: np.ndarray) -> np.ndarray:
    """1-based ranks, ties get their average rank."""
    order = np.argsort(x, kind='mergesort')
    ranks = np.empty(len(x), dtype=np.float64)
    xs = x[order]
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def auroc(y: np.ndarray, s: np.ndarray) -> float | None:
    """P(score of a random positive > score of a random negative), ties counting one half."""
    y = np.asarray(y).astype(bool)
    s = np.asarray(s, dtype=np.float64)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    r = _ranks(s)
    return float((r[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def tpr_at_fpr(y: np.ndarray, s: np.ndarray, max_fpr: float) -> float | None:
    """Highest TPR over thresholds t (flag = score >= t) whose FPR is at most max_fpr."""
    y = np.asarray(y).astype(bool)
    s = np.asarray(s, dtype=np.float64)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    best = 0.0
    for t in np.unique(s)[::-1]:
        flagged = s >= t
        if (flagged & ~y).sum() / n_neg <= max_fpr + 1e-12:
            best = max(best, (flagged & y).sum() / n_pos)
        else:
            break  # FPR only grows as t falls
    return float(best)


def threshold_for_fpr(neg_scores: np.ndarray, max_fpr: float) -> float:
    """Lowest 6-decimal threshold t with #(neg >= t) <= floor(max_fpr * n): just above the (k+1)-th
    largest negative score."""
    s = np.sort(np.asarray(neg_scores, dtype=np.float64))[::-1]
    k = int(math.floor(max_fpr * len(s) + 1e-9))
    if k >= len(s):
        return 0.0
    t = math.floor(s[k] * 1e6) / 1e6 + 1e-6
    return float(min(round(t, 6), 1.0))


def platt_fit(logits: np.ndarray, y: np.ndarray, l2: float = 1e-3, iters: int = 100) -> tuple[float, float]:
    """Fits p = sigmoid(a * logit + b) by Newton's method on the log loss (tiny L2 keeps it finite on
    separable data)."""
    x = np.asarray(logits, dtype=np.float64)
    t = np.asarray(y, dtype=np.float64)
    w = np.array([1.0, 0.0])
    X = np.stack([x, np.ones_like(x)], 1)
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(X @ w)))
        g = X.T @ (p - t) + l2 * np.array([w[0], 0.0])
        H = (X * (p * (1 - p))[:, None]).T @ X + np.diag([l2, 1e-9])
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(w[0]), float(w[1])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.asarray(z, dtype=np.float64)))


def group_masks(kinds: list[str]) -> dict[str, np.ndarray]:
    k = np.asarray(kinds)
    return {'all': np.ones(len(k), bool), 'photo': k == 'photo', 'art': np.isin(k, ['illustration', 'anime'])}


def summary(y: np.ndarray, s: np.ndarray) -> dict:
    y = np.asarray(y).astype(bool)
    return {'n_ai': int(y.sum()), 'n_real': int((~y).sum()), 'auroc': auroc(y, s),
            'tpr_at_fpr_1': tpr_at_fpr(y, s, 0.01), 'tpr_at_fpr_5': tpr_at_fpr(y, s, 0.05)}


def at_threshold(y: np.ndarray, p: np.ndarray, t: float) -> dict:
    y = np.asarray(y).astype(bool)
    f = np.asarray(p) >= t
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    return {'threshold': t, 'fp': int((f & ~y).sum()), 'n_real': n_neg, 'tp': int((f & y).sum()), 'n_ai': n_pos,
            'fpr': (float((f & ~y).sum() / n_neg) if n_neg else None),
            'tpr': (float((f & y).sum() / n_pos) if n_pos else None)}


def operating_points(p_ref: np.ndarray, y_ref: np.ndarray, kinds_ref: list[str], sensitivity_fpr: dict,
                     per_group_key: str, report_sets: list) -> tuple[dict, dict]:
    """Thresholds per sensitivity, each chosen by FPR on the reference real images, separately on photos
    and on illustration+anime (the stricter kept); and the counts at them on each (name, y, p, kinds) of
    report_sets. Returns (thresholds, per-sensitivity operating points) in the manifest's layout."""
    ref = group_masks(kinds_ref)
    thresholds, points = {}, {}
    for sens, (hide_fpr, label_fpr) in sensitivity_fpr.items():
        per = {name: {g: threshold_for_fpr(p_ref[ref[g] & (y_ref == 0)], fpr) for g in ('photo', 'art')}
               for name, fpr in (('hide', hide_fpr), ('label', label_fpr))}
        thresholds[sens] = {'label': max(per['label'].values()), 'hide': max(per['hide'].values())}
        points[sens] = {'target_fpr': {'hide': hide_fpr, 'label': label_fpr}, per_group_key: per}
        for set_name, yy, pp, kk in report_sets:
            points[sens][set_name] = {g: {t: at_threshold(yy[m], pp[m], thresholds[sens][t]) for t in ('label', 'hide')}
                                      for g, m in group_masks(kk).items()}
    return thresholds, points
