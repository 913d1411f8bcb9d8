"""Trivial-statistics baseline (protocol JPEG size, luma and saturation moments) with a logistic
regression: a shortcut detector that should stay near 0.5 AUROC. Mirrors src/cli/eval/baseline.ts."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

FEATURES = ['log_bytes', 'luma_mean', 'luma_std', 'luma_skew', 'sat_mean', 'sat_std', 'sat_skew']


def _moments(v: np.ndarray) -> tuple[float, float, float]:
    m = float(v.mean())
    sd = float(v.std())
    skew = float(((v - m) ** 3).mean() / sd ** 3) if sd > 1e-12 else 0.0
    return m, sd, skew


def features(jpeg: bytes) -> np.ndarray:
    rgb = np.asarray(Image.open(io.BytesIO(jpeg)).convert('RGB'), dtype=np.float64) / 255.0
    luma = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    mx, mn = rgb.max(-1), rgb.min(-1)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1e-12), 0.0)
    return np.array([np.log(len(jpeg)), *_moments(luma.ravel()), *_moments(sat.ravel())])


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-2, iters: int = 50) -> dict:
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = np.hstack([(X - mu) / sd, np.ones((len(X), 1))])
    t = np.asarray(y, dtype=np.float64)
    w = np.zeros(Z.shape[1])
    reg = np.full(Z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(Z @ w)))
        g = Z.T @ (p - t) / len(t) + reg * w
        H = (Z * (p * (1 - p))[:, None]).T @ Z / len(t) + np.diag(reg + 1e-9)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return {'features': FEATURES, 'mean': mu.tolist(), 'std': sd.tolist(), 'weights': w[:-1].tolist(), 'bias': float(w[-1])}


def score(model: dict, X: np.ndarray) -> np.ndarray:
    Z = (X - np.asarray(model['mean'])) / np.asarray(model['std'])
    return Z @ np.asarray(model['weights']) + model['bias']


def cross_validated(X: np.ndarray, y: np.ndarray, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Out-of-fold baseline scores inside one set (stratified folds): how far trivial statistics alone
    separate its classes."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), int)
    for label in (0, 1):
        idx = np.flatnonzero(np.asarray(y) == label)
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % folds
    out = np.empty(len(y))
    for f in range(folds):
        m = fit(X[fold != f], np.asarray(y)[fold != f])
        out[fold == f] = score(m, X[fold == f])
    return out
