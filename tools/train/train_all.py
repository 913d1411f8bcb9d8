"""Fits the default AI-image detector on EVERY labelled dataset under ../shared/datasets (datasets.py: each
manifest with file,label,kind,source_repo; a new round joins with no code change), chooses its recipe by
leave-source-out (LOSO) over all sources, and ships the chosen recipe refitted on all of them.

Features: the 17 MobileNetV2 block means of the cached views (view_features.py, one extraction pass). Heads:
train_probe.py's logistic head ('one') or photo and art heads mixed by a router ('per-kind'), source
weighting (train.sample_weights).

Protocol: whole sources per fold (GroupKFold by source_repo, --folds), every image scored by a head that
never saw its source; figures overall, per kind, per source and per subject, with 95 % intervals from a
bootstrap over SOURCES (resampling whole repositories, not images).

Rules, written down before the run (2026-12-04):
  1. Base recipe: heads x C over ('one', 'per-kind') x (0.001, 0.003); the best pooled LOSO AUROC wins,
     the first listed wins a tie (within 0.001).
  2. Each cheap lever is tried on the base winner, alone: subject balancing (inside each subject of
     round3+, the two labels weigh the same; a subject with one label only weighs half), test-time
     averaging of the logits over the protocol view and its mirror ('flip'), and the mean of the one-head and two-head logits ('combo'). A lever is adopted
     only if it raises pooled LOSO AUROC by at least 0.01 with neither photo nor art down by more than 0.005
     (the rule of every earlier round). Adopted levers are combined.
  3. Thresholds per sensitivity by FPR on LOSO out-of-fold probabilities, photos and art separately (the
     stricter kept). The default's hide threshold is then raised, if needed, until the one-sided 95 %
     bootstrap-over-sources upper bound of the share of real images hidden is at most 1 %.
Writes model.onnx, manifest.json, scores.csv (out-of-fold), report.json and report.md (the model card's
tables) to --out."""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from scipy.stats import rankdata
from sklearn.model_selection import GroupKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import datasets as D  # noqa: E402
import metrics as M  # noqa: E402
from onnx_torch import OnnxNet  # noqa: E402
from protocol import logit_manifest  # noqa: E402
from train import SENSITIVITY_FPR, log, sample_weights  # noqa: E402
from train_probe import LAYERS, Head, KindRoutedHead, export_onnx, mix_logits  # noqa: E402
from view_features import TRAIN_VIEWS, VIEWS, block_means, dataset_features  # noqa: E402

SOLO_SUBJECT = 0.5  # weight factor of a subject present in one label only (rule 2)
TTA = {'none': [0], 'flip': [0, 1]}
BOOT = 1000
MIN_GAIN, MAX_KIND_LOSS = 0.01, 0.005


# ---------------------------------------------------------------- weights and heads

def row_weights(y, kinds, sources, subjects, balance: bool) -> np.ndarray:
    """Source weighting (each label x photo/art cell weighs the same, a source of n images sqrt(n) inside
    its cell); with `balance`, inside each subject the two labels then weigh the same, and a subject seen
    in one label only weighs SOLO_SUBJECT of itself (ai-vs-real has no subjects and is left alone)."""
    w = sample_weights(y, list(kinds), list(sources)) * len(y)
    if balance:
        subjects = np.asarray(subjects)
        for s in set(subjects) - {'unlabelled'}:
            m = subjects == s
            a, r = w[m & (y == 1)].sum(), w[m & (y == 0)].sum()
            if a > 0 and r > 0:
                w[m & (y == 1)] *= (a + r) / 2 / a
                w[m & (y == 0)] *= (a + r) / 2 / r
            else:
                w[m] *= SOLO_SUBJECT
        w *= len(y) / w.sum()
    return w


class WeightedRoutedHead(KindRoutedHead):
    """KindRoutedHead (same router, same export) with the photo and art heads weighted by row_weights()."""

    def __init__(self, X, y, kinds, sources, subjects, C, balance, router=None):
        art = np.array([k != 'photo' for k in kinds])
        # The router depends on neither C nor the weighting: one per training set (`router`) serves every trial.
        self.router = router or Head(X, art.astype(int), np.where(art, 0.5 / art.mean(), 0.5 / (1 - art.mean())), self.ROUTER_C)
        self.heads = [Head(X[m], y[m], row_weights(y[m], np.asarray(kinds)[m], sources[m], np.asarray(subjects)[m], balance), C)
                      for m in (~art, art)]


ROUTERS: dict = {}  # fold -> router, reused across trials


def fit(X, y, kinds, sources, subjects, heads: str, C: float, balance: bool, fold=None):
    if heads == 'per-kind':
        h = WeightedRoutedHead(X, y, kinds, sources, subjects, C, balance, ROUTERS.get(fold))
        if fold is not None:
            ROUTERS[fold] = h.router
        return h
    return Head(X, y, row_weights(y, kinds, sources, subjects, balance), C)


def loso(F, y, kinds, sources, subjects, folds, heads, C, balance) -> np.ndarray:
    """Out-of-fold logits [n_images, n_views]: each fold's head trains on the TRAIN_VIEWS of the other
    folds' images and scores every view of its own images."""
    out = np.zeros(F.shape[:2])
    tv = np.array(TRAIN_VIEWS)
    for i, (a, b) in enumerate(folds):
        Xa = F[a][:, tv].reshape(-1, F.shape[2])
        rep = lambda v: np.repeat(v[a], len(tv))  # noqa: E731
        h = fit(Xa, rep(y), rep(kinds), rep(sources), rep(subjects), heads, C, balance, fold=i)
        out[b] = h.logit(F[b].reshape(-1, F.shape[2])).reshape(len(b), F.shape[1])
    return out


# ---------------------------------------------------------------- figures

def fast_auroc(y, s):
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return None
    r = rankdata(s)
    return float((r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def tpr_at(y, s, fpr):
    neg = np.sort(s[y == 0])[::-1]
    if len(neg) == 0 or y.sum() == 0:
        return None
    k = int(np.floor(fpr * len(neg) + 1e-9))
    t = neg[k] if k < len(neg) else -np.inf
    return float((s[y == 1] > t).mean())


def boot_sources(y, s, src, stat, rng, n=BOOT):
    """(point, low, high): the statistic on all images, and the 2.5/97.5 % percentiles over resamples of
    whole sources."""
    point = stat(y, s)
    uniq = np.unique(src)
    idx = {u: np.flatnonzero(src == u) for u in uniq}
    vals = []
    for _ in range(n):
        pick = np.concatenate([idx[u] for u in rng.choice(uniq, len(uniq))])
        v = stat(y[pick], s[pick])
        if v is not None:
            vals.append(v)
    if point is None or len(vals) < n / 2:
        return point, None, None
    return point, float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))


def summary(y, s, src, seed):
    rng = np.random.default_rng(seed)
    a = boot_sources(y, s, src, fast_auroc, rng)
    t5 = boot_sources(y, s, src, lambda yy, ss: tpr_at(yy, ss, 0.05), rng)
    t1 = boot_sources(y, s, src, lambda yy, ss: tpr_at(yy, ss, 0.01), rng)
    return {'n_ai': int(y.sum()), 'n_real': int((1 - y).sum()), 'n_sources': int(len(np.unique(src))),
            'auroc': a[0], 'auroc_ci': [a[1], a[2]], 'tpr_at_fpr_1': t1[0], 'tpr_at_fpr_1_ci': [t1[1], t1[2]],
            'tpr_at_fpr_5': t5[0], 'tpr_at_fpr_5_ci': [t5[1], t5[2]]}


def kind_groups(kinds):
    return {'all': np.ones(len(kinds), bool), 'photo': kinds == 'photo', 'art': np.isin(kinds, ['illustration', 'anime'])}


def quick(y, s, kinds):
    return {g: fast_auroc(y[m], s[m]) for g, m in kind_groups(kinds).items()}


def q(r):
    return ' '.join(f'{g} {v:.3f}' for g, v in r.items())


# ---------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--datasets', default='../shared/datasets')
    ap.add_argument('--backbone', default='.train/backbone-mnv2.onnx')
    ap.add_argument('--out', default='.train/all')
    ap.add_argument('--seed', type=int, default=20261126)
    ap.add_argument('--folds', type=int, default=10)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--version', default='2026.12.1')
    args = ap.parse_args()
    t0 = time.time()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    sets, skipped = D.find(args.datasets)
    for s in skipped:
        log('skipped', s)
    rows = [r for ds in sets for r in ds['rows']]
    F = np.concatenate([dataset_features(ds, args.backbone, args.seed) for ds in sets]).astype(np.float64)
    log(f'{len(rows)} images from {len(sets)} datasets, {F.shape[1]} views each, {time.time() - t0:.0f}s')
    y = np.array([r['label'] == 'ai' for r in rows], int)
    kinds = np.array([r['kind'] for r in rows])
    src = np.array([r['source_repo'] for r in rows])
    subj = np.array([r['subject_group'] for r in rows])
    folds = list(GroupKFold(n_splits=args.folds).split(F, groups=src))
    log(f'{len(np.unique(src))} sources in {args.folds} folds')

    def trial(heads, C, balance):
        z = loso(F, y, kinds, src, subj, folds, heads, C, balance)
        return z

    # Rule 1: the base recipe.
    grid = [(h, C) for h in ('one', 'per-kind') for C in (0.001, 0.003)]
    base_z, base_auc = {}, {}
    for h, C in grid:
        base_z[(h, C)] = trial(h, C, False)
        base_auc[(h, C)] = quick(y, base_z[(h, C)][:, 0], kinds)
        log(f'base {h} C={C}: {q(base_auc[(h, C)])}')
    best = grid[0]
    for g in grid[1:]:
        if base_auc[g]['all'] > base_auc[best]['all'] + 0.001:
            best = g
    heads, C = best
    log(f'base winner: {heads} C={C}')

    # Rule 2: the levers, each alone on the base winner.
    ref = base_auc[best]
    lever_z = {'subject balance': trial(heads, C, True)[:, 0]}
    lever_z['flip'] = base_z[best][:, TTA['flip']].mean(1)
    other = max((g for g in grid if g[0] != heads), key=lambda g: base_auc[g]['all'])
    lever_z['combo'] = (base_z[best][:, 0] + base_z[other][:, 0]) / 2
    levers = {}
    for name, z in lever_z.items():
        r = quick(y, z, kinds)
        ok = r['all'] >= ref['all'] + MIN_GAIN and all(r[k] >= ref[k] - MAX_KIND_LOSS for k in ('photo', 'art'))
        levers[name] = {'auroc': r, 'adopted': bool(ok)}
        log(f'lever {name}: {q(r)} -> {"ADOPTED" if ok else "not adopted"}')
    adopted = [n for n, v in levers.items() if v['adopted']]
    balance = 'subject balance' in adopted
    tta = 'flip' if 'flip' in adopted else 'none'
    combo = 'combo' in adopted
    if combo or tta != 'none':
        raise SystemExit(f'adopted {adopted}: the ONNX export of that lever is not implemented yet')
    z_all = trial(heads, C, balance) if balance else base_z[best]
    oof = z_all[:, 0]

    # Refit on every source (TRAIN_VIEWS of all images).
    tv = np.array(TRAIN_VIEWS)
    rep = lambda v: np.repeat(v, len(tv))  # noqa: E731
    head = fit(F[:, tv].reshape(-1, F.shape[2]), rep(y), rep(kinds), rep(src), rep(subj), heads, C, balance)

    # Calibration and thresholds (rule 3).
    a, b = M.platt_fit(oof, y)
    p = M.sigmoid(a * oof + b)
    kl = list(kinds)
    thresholds, points = M.operating_points(p, y, kl, SENSITIVITY_FPR, 'threshold_per_group_out_of_fold', [])
    real = y == 0
    rng = np.random.default_rng(args.seed)
    uniq = np.unique(src[real])
    ridx = {u: np.flatnonzero((src == u) & real) for u in uniq}
    draws = [np.concatenate([ridx[u] for u in rng.choice(uniq, len(uniq))]) for _ in range(BOOT)]

    def hide_upper(t):
        return float(np.percentile([(p[d] >= t).mean() for d in draws], 95))

    t_med = thresholds['medium']['hide']
    before = (t_med, float((p[real] >= t_med).mean()), hide_upper(t_med))
    if hide_upper(t_med) > 0.01:  # the upper bound falls as t rises: binary search over the real scores above t_med
        cand = [round(float(c) + 1e-6, 6) for c in np.unique(np.floor(p[real] * 1e6) / 1e6) if c + 1e-6 > t_med]
        lo, hi = 0, len(cand) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if hide_upper(cand[mid]) <= 0.01:
                hi = mid
            else:
                lo = mid + 1
        t_med = cand[lo]
    thresholds['medium']['hide'] = t_med
    thresholds['low']['hide'] = max(thresholds['low']['hide'], t_med)
    hide_rule = {'per_kind_threshold': before[0], 'real_hidden_there': before[1], 'upper_95_there': before[2],
                 'chosen': t_med, 'real_hidden': float((p[real] >= t_med).mean()), 'upper_95': hide_upper(t_med),
                 'bootstrap': f'{BOOT} resamples of the {len(uniq)} sources with real images, one-sided 95 %'}
    log('medium hide rule:', json.dumps(hide_rule))
    # Counts at the final thresholds.
    for sens in thresholds:
        points[sens]['out_of_fold'] = {g: {t: M.at_threshold(y[m], p[m], thresholds[sens][t]) for t in ('label', 'hide')}
                                       for g, m in M.group_masks(kl).items()}

    # Figures: overall and per kind, per subject, per source.
    groups = {g: summary(y[m], oof[m], src[m], args.seed) for g, m in kind_groups(kinds).items()}
    by_subject = {}
    for s in sorted(set(subj)):
        m = subj == s
        by_subject[s] = summary(y[m], oof[m], src[m], args.seed)
    by_dataset = {ds['name']: summary(y[m], oof[m], src[m], args.seed)
                  for ds in sets for m in [np.array([r['dataset'] == ds['name'] for r in rows])]}
    med = thresholds['medium']
    by_source = {}
    for u in np.unique(src):
        m = src == u
        other_label = (y != y[m][0]) if len(set(y[m])) == 1 else np.zeros(len(y), bool)
        mm = m | other_label
        by_source[u] = {'dataset': rows[int(np.flatnonzero(m)[0])]['dataset'], 'n_ai': int(y[m].sum()),
                        'n_real': int((1 - y[m]).sum()),
                        'auroc_vs_other_label': fast_auroc(y[mm], oof[mm]),
                        'labelled_medium': float((p[m] >= med['label']).mean()),
                        'hidden_medium': float((p[m] >= med['hide']).mean())}
    log('LOSO', json.dumps({g: [round(v['auroc'], 3), v['auroc_ci'], round(v['tpr_at_fpr_5'], 3)] for g, v in groups.items()}))

    # Export (train_probe.py's graph: block means -> Gemm -> logit).
    backbone = onnx.load(args.backbone)
    net = OnnxNet(backbone, LAYERS).eval()
    w, bias = head.folded()
    onnx_path = os.path.join(args.out, 'model.onnx')
    export_onnx(backbone, net, 'mean', w, bias, onnx_path)
    fill_feat = block_means(net, np.full((1, 3, 224, 224), 0.5, np.float32)).astype(np.float64)
    fill_logit = float(mix_logits(fill_feat @ w.T + bias)[0] if w.ndim == 2 else (fill_feat @ w)[0] + bias)
    desc_heads = 'photo and art logistic heads mixed by a photo/art router' if heads == 'per-kind' else 'logistic head'
    config = {'heads': heads, 'C': C, 'weighting': 'source' + ('+subject balance' if balance else ''), 'stats': 'mean',
              'tta': tta, 'levers': levers, 'base_grid': {f'{h} C={c}': v for (h, c), v in base_auc.items()}}
    manifest = logit_manifest({
        'id': 'corkboard-mnv2-stats',
        'name': 'Corkboard default (MobileNetV2 block statistics)',
        'version': args.version,
        'description': f'Frozen ImageNet MobileNetV2 from nsfwjs (converted to ONNX by tools/convert-nsfwjs); {desc_heads} on the '
                       f'channel means of its 17 blocks, fitted on every source of ../shared/datasets ({", ".join(d["name"] for d in sets)}) '
                       'with Pinterest-like augmentations; calibrated probability of AI generation.',
        'license': 'MIT',
        'source': 'npm:nsfwjs@4.4.0 MobileNetV2 (MIT), head fitted by tools/train/train_all.py (see models/README.md)',
    }, open(onnx_path, 'rb').read(), (a, b), thresholds, {
        'note': 'Recipe, Platt calibration and thresholds from leave-source-out out-of-fold scores over every source '
                f'({len(np.unique(src))} repositories, {args.folds} folds by source_repo); the shipped head is refitted on all of '
                'them. Intervals: 95 % bootstrap over sources. Evaluation protocol: center square crop, 236 px, JPEG q80.',
        'datasets': [{'name': d['name'], 'manifest_sha256': d['sha256'], 'rows': len(d['rows'])} for d in sets],
        'seed': args.seed, 'folds': args.folds, **config, 'medium_hide_rule': hide_rule,
        'per_sensitivity': points, 'out_of_fold': groups, 'by_dataset': by_dataset, 'by_subject': by_subject,
    }, fill_logit)
    json.dump(manifest, open(os.path.join(args.out, 'manifest.json'), 'w'), indent=2)
    with open(os.path.join(args.out, 'scores.csv'), 'w', newline='') as f:
        out = csv.writer(f)
        out.writerow(['dataset', 'file', 'label', 'kind', 'source_repo', 'subject_group', 'logit', 'probability'])
        for r, lg, pp in zip(rows, oof, p):
            out.writerow([r['dataset'], r['file'], r['label'], r['kind'], r['source_repo'], r['subject_group'], f'{lg:.6f}', f'{pp:.6f}'])
    report = {'args': vars(args), 'config': config, 'groups': groups, 'by_subject': by_subject, 'by_dataset': by_dataset,
              'by_source': by_source, 'thresholds': thresholds, 'hide_rule': hide_rule, 'calibration': [a, b],
              'fill_logit': fill_logit, 'seconds': time.time() - t0, 'torch': torch.__version__,
              'skipped': skipped, 'oof_views': {name: quick(y, base_z[best][:, TTA[name]].mean(1), kinds) for name in TTA}}
    json.dump(report, open(os.path.join(args.out, 'report.json'), 'w'), indent=1)
    write_markdown(report, os.path.join(args.out, 'report.md'))
    log(f'done in {time.time() - t0:.0f}s; wrote {args.out}/model.onnx manifest.json scores.csv report.json report.md')


def ci(v, key, pct=False):
    lo, hi = v[f'{key}_ci']
    f = (lambda x: f'{100 * x:.0f} %') if pct else (lambda x: f'{x:.3f}')
    if v[key] is None:
        return '—'
    return f + '' if False else (f(v[key]) + (f' ({f(lo)} to {f(hi)})' if lo is not None else ''))


def write_markdown(rep: dict, path: str) -> None:
    L = ['| group | sources | n ai / real | AUROC (95 % CI over sources) | TPR @ 1 % FPR | TPR @ 5 % FPR |', '|---|---|---|---|---|---|']
    for name, table in (('', rep['groups']), ('dataset ', rep['by_dataset']), ('subject ', rep['by_subject'])):
        for g, v in table.items():
            L.append(f'| {name}{g} | {v["n_sources"]} | {v["n_ai"]} / {v["n_real"]} | {ci(v, "auroc")} | '
                     f'{ci(v, "tpr_at_fpr_1", True)} | {ci(v, "tpr_at_fpr_5", True)} |')
    L += ['', '| source | dataset | n ai / real | AUROC against the other label | labelled at medium | hidden at medium |',
          '|---|---|---|---|---|---|']
    for u, v in sorted(rep['by_source'].items(), key=lambda kv: (kv[1]['auroc_vs_other_label'] or 0)):
        a = v['auroc_vs_other_label']
        L.append(f'| {u} | {v["dataset"]} | {v["n_ai"]} / {v["n_real"]} | {"—" if a is None else f"{a:.3f}"} | '
                 f'{100 * v["labelled_medium"]:.0f} % | {100 * v["hidden_medium"]:.0f} % |')
    open(path, 'w').write('\n'.join(L) + '\n')


if __name__ == '__main__':
    main()
