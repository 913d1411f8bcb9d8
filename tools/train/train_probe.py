"""Trains the default AI-image detector on the CPU in minutes: a logistic head on the channel statistics
(spatial mean, and optionally standard deviation) of all 17 blocks of the frozen ImageNet MobileNetV2 (the
converted nsfwjs backbone), or two such heads, for photos and for art, mixed by a photo/art router
(KindRoutedHead). Low and middle layers keep texture and rendering statistics that the last,
semantic layer pools away, and a frozen backbone cannot memorise its training sources the way end-to-end
fine-tuning did (train.py: validation 0.87, unseen sources 0.69).

Fitting: training + validation sources (more sources is what transfers), plus the pack's extra real images
if it has any (make_pack.py --extra-real; not in the shipped model), which join every fold's training set
and are never scored. The statistics, the sample weighting and the regularisation are chosen, and Platt
calibration and thresholds fitted, on leave-source-out out-of-fold scores over the dataset's fitting
sources: no image is scored by a head that saw its source.
Test sources (split.json) are touched only by the final report. Writes model.onnx (backbone + statistics
+ folded head, output `logit`), manifest.json, scores.csv and report.json."""
from __future__ import annotations

import argparse
import copy
import csv
import itertools
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baseline  # noqa: E402
import metrics as M  # noqa: E402
from onnx_torch import OnnxNet, drop_unused_initializers, keep_only  # noqa: E402
from protocol import INPUT_SIZE, decode, logit_manifest, model_input, protocol_jpeg  # noqa: E402
from train import SENSITIVITY_FPR, augment, fmt, group_report, log, sample_weights  # noqa: E402

# The output of every inverted-residual block (after its residual add where it has one).
LAYERS = ['expanded_conv_project_BN', 'block_1_project_BN', 'block_2_add', 'block_3_project_BN', 'block_4_add',
          'block_5_add', 'block_6_project_BN', 'block_7_add', 'block_8_add', 'block_9_add', 'block_10_project_BN',
          'block_11_add', 'block_12_add', 'block_13_project_BN', 'block_14_add', 'block_15_add', 'block_16_project_BN']
STAT_WORDS = {'mean': 'means', 'mean+std': 'means and standard deviations'}
HEAD_WORDS = {'one': 'logistic head', 'per-kind': 'photo and art logistic heads mixed by a photo/art router'}
LAYER_CHANNELS = [16, 24, 24, 32, 32, 32, 64, 64, 64, 64, 96, 96, 96, 160, 160, 160, 320]


def stats(outputs: dict[str, torch.Tensor], layers: list[str] = LAYERS) -> torch.Tensor:
    """[N, sum(2*C)]: per layer, channel means then channel population standard deviations (what the
    exported graph computes: ReduceMean of x, then sqrt(ReduceMean((x - mean)^2)))."""
    parts = []
    for name in layers:
        a = outputs[name].double()
        m = a.mean((2, 3), keepdim=True)
        parts += [m.flatten(1), ((a - m) ** 2).mean((2, 3)).sqrt()]
    return torch.cat(parts, 1).float()


def extract(net: OnnxNet, x: np.ndarray, batch: int = 32) -> np.ndarray:
    out = []
    with torch.no_grad():
        for s in range(0, len(x), batch):
            out.append(stats(net(torch.from_numpy(x[s:s + batch])), net.outputs).numpy())
    return np.concatenate(out).astype(np.float64)


def stat_columns(kind: str, channels: list[int] = LAYER_CHANNELS) -> np.ndarray:
    """Columns of stats() that a head on `kind` ('mean' or 'mean+std') reads, in the exported order."""
    cols, at = [], 0
    for c in channels:
        cols.extend(range(at, at + (c if kind == 'mean' else 2 * c)))
        at += 2 * c
    return np.array(cols)


def weights(y: np.ndarray, kinds: list[str], sources: np.ndarray, scheme: str) -> np.ndarray:
    """'class': the two classes weigh the same. 'source': each (label x photo/art) cell weighs the same
    and inside a cell a source of n images weighs sqrt(n) (train.py's sampling), so scarce human art
    counts and one big source (ImageNet samples, SelfExSR) cannot dominate."""
    if scheme == 'class':
        return np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    return sample_weights(y, kinds, list(sources)) * len(y)


def build_views(pack: str, rows: list[dict], seed: int, n_views: int,
                size: int = INPUT_SIZE) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[bytes]]:
    """Model inputs: every image once through the evaluation protocol (view 0); training-split and extra
    images (packed at <=448 px, not yet through the protocol) also get `n_views` Pinterest-like augmented views.
    `size`: the model's input side. Returns the inputs, each view's row and view number, and each row's
    protocol JPEG."""
    rng = np.random.default_rng(seed)
    xs, view_row, view_id, blobs = [], [], [], []
    for i, r in enumerate(rows):
        data = open(os.path.join(pack, r['file']), 'rb').read()
        if r['split'] in ('train', 'extra'):
            proto, views = training_views(data, rng, n_views, size)
        else:
            proto, views = data, [model_input(decode(data), size)]
        blobs.append(proto)
        for v, x in enumerate(views):
            xs.append(x), view_row.append(i), view_id.append(v)
    return np.stack(xs), np.array(view_row), np.array(view_id), blobs


def training_views(data: bytes, rng: np.random.Generator, n_views: int, size: int) -> tuple[bytes, list[np.ndarray]]:
    """A packed training image's protocol JPEG, and its model inputs: the protocol view, then `n_views`
    augmented ones."""
    proto = protocol_jpeg(decode(data))
    return proto, [model_input(decode(proto), size)] + [augment(data, rng, size) for _ in range(n_views)]


class Head:
    """Standardisation + L2 logistic regression (lbfgs: deterministic)."""

    def __init__(self, X: np.ndarray, y: np.ndarray, w: np.ndarray, C: float):
        self.mu, self.sd = X.mean(0), X.std(0) + 1e-8
        self.lr = LogisticRegression(C=C, max_iter=5000).fit((X - self.mu) / self.sd, y, sample_weight=w)

    def logit(self, X: np.ndarray) -> np.ndarray:
        return self.lr.decision_function((X - self.mu) / self.sd)

    def folded(self) -> tuple[np.ndarray, float]:
        """Weights and bias on raw features: w/sd and b - sum(w*mu/sd)."""
        w = self.lr.coef_[0] / self.sd
        return w, float(self.lr.intercept_[0] - np.dot(w, self.mu))


class KindRoutedHead:
    """Two heads, one fitted on photos and one on art (illustration, anime, other), mixed by a photo/art
    router fitted on the same features: logit = photo + sigmoid(router) * (art - photo). One linear head
    has to compromise between what gives generated photos away and what gives generated art away; here each
    kind keeps its own direction, and the kind need not be known at run time. The router is class-balanced
    over the two kinds and not tuned (C = ROUTER_C)."""
    ROUTER_C = 0.01

    def __init__(self, X: np.ndarray, y: np.ndarray, kinds: list[str], sources: np.ndarray, scheme: str, C: float):
        art = np.array([k != 'photo' for k in kinds])
        self.router = Head(X, art.astype(int), weights(art.astype(int), kinds, sources, 'class'), self.ROUTER_C)
        self.heads = [Head(X[m], y[m], weights(y[m], [k for k, i in zip(kinds, m) if i], sources[m], scheme), C)
                      for m in (~art, art)]

    def logit(self, X: np.ndarray) -> np.ndarray:
        return mix_logits(np.stack([h.logit(X) for h in (*self.heads, self.router)], 1))

    def folded(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows photo, art, router of the Gemm weights on raw features, and their biases."""
        parts = [h.folded() for h in (*self.heads, self.router)]
        return np.stack([w for w, _ in parts]), np.array([b for _, b in parts])


def mix_logits(z: np.ndarray) -> np.ndarray:
    """[N, 3] photo, art, router logits -> [N] AI logit (what the exported graph computes after its Gemm)."""
    return z[:, 0] + M.sigmoid(z[:, 2]) * (z[:, 1] - z[:, 0])


def fit_head(X, y, kinds, sources, scheme, C, heads):
    """'one': a single logistic head; 'per-kind': KindRoutedHead."""
    if heads == 'per-kind':
        return KindRoutedHead(X, y, kinds, sources, scheme, C)
    return Head(X, y, weights(y, kinds, sources, scheme), C)


def out_of_fold(X, y, kinds, groups, fit_mask, scheme, C, folds, extra=None, heads='one'):
    """Leave-source-out logits for the rows in fit_mask (whole sources per fold; all views of a row train,
    only protocol views are scored). `extra` (X, y, kinds, groups): rows added to every fold's training
    set and never scored (extra real images: make_pack.py and compare_features.py --extra-real). `heads`: see
    fit_head()."""
    idx = np.flatnonzero(fit_mask)
    oof = np.full(len(y), np.nan)
    for a, b in GroupKFold(n_splits=folds).split(idx, groups=groups[idx]):
        ia = idx[a]
        Xa, ya, ka, ga = X[ia], y[ia], [kinds[i] for i in ia], groups[ia]
        if extra is not None:
            Xa, ya, ka, ga = np.concatenate([Xa, extra[0]]), np.concatenate([ya, extra[1]]), ka + list(extra[2]), np.concatenate([ga, extra[3]])
        oof[idx[b]] = fit_head(Xa, ya, ka, ga, scheme, C, heads).logit(X[idx[b]])
    return oof


def export_onnx(backbone: onnx.ModelProto, net: OnnxNet, stat_kind: str, w: np.ndarray, b, path: str) -> None:
    """Backbone pruned to the 17 block outputs, their channel means (and standard deviations, for
    'mean+std'), concatenated in training order, then one Gemm (standardisation folded in) -> `logit` [N, 1].
    With a KindRoutedHead (`w` [3, D], `b` [3]) the Gemm gives photo, art and router logits, mixed as in
    mix_logits()."""
    m = copy.deepcopy(backbone)
    keep_only(m, net.nodes)
    g = m.graph
    concat_inputs = []
    for name in LAYERS:
        mk, dk, sk, vk, sd = (f'{name}/stat_{s}' for s in ('mean_k', 'diff', 'sq', 'var', 'std'))
        mean = f'{name}/stat_mean'
        g.node.extend([helper.make_node('ReduceMean', [name], [mk], name=mk, axes=[2, 3], keepdims=1),
                       helper.make_node('Flatten', [mk], [mean], name=mean, axis=1)])
        concat_inputs.append(mean)
        if stat_kind == 'mean+std':
            g.node.extend([helper.make_node('Sub', [name, mk], [dk], name=dk),
                           helper.make_node('Mul', [dk, dk], [sk], name=sk),
                           helper.make_node('ReduceMean', [sk], [vk], name=vk, axes=[2, 3], keepdims=0),
                           helper.make_node('Sqrt', [vk], [sd], name=sd)])
            concat_inputs.append(sd)
    g.node.append(helper.make_node('Concat', concat_inputs, ['block_stats'], name='block_stats', axis=1))
    routed = w.ndim == 2
    g.initializer.extend([numpy_helper.from_array(np.atleast_2d(w).astype(np.float32), 'ai_head/weight'),
                          numpy_helper.from_array(np.atleast_1d(np.asarray(b, np.float32)), 'ai_head/bias')])
    g.node.append(helper.make_node('Gemm', ['block_stats', 'ai_head/weight', 'ai_head/bias'],
                                   ['ai_head/z' if routed else 'logit'], name='ai_head', transB=1))
    if routed:  # logit = photo + sigmoid(router) * (art - photo)
        for i, part in enumerate(('photo', 'art', 'router')):
            g.initializer.extend([numpy_helper.from_array(np.array([i], np.int64), f'ai_head/{part}_start'),
                                  numpy_helper.from_array(np.array([i + 1], np.int64), f'ai_head/{part}_end')])
            g.node.append(helper.make_node('Slice', ['ai_head/z', f'ai_head/{part}_start', f'ai_head/{part}_end', 'ai_head/axis'],
                                           [f'ai_head/{part}'], name=f'ai_head/{part}'))
        g.initializer.append(numpy_helper.from_array(np.array([1], np.int64), 'ai_head/axis'))
        g.node.extend([helper.make_node('Sigmoid', ['ai_head/router'], ['ai_head/p_art'], name='ai_head/p_art'),
                       helper.make_node('Sub', ['ai_head/art', 'ai_head/photo'], ['ai_head/diff'], name='ai_head/diff'),
                       helper.make_node('Mul', ['ai_head/p_art', 'ai_head/diff'], ['ai_head/mixed'], name='ai_head/mixed'),
                       helper.make_node('Add', ['ai_head/photo', 'ai_head/mixed'], ['logit'], name='ai_head/logit')])
    drop_unused_initializers(m)
    del g.output[:]
    g.output.extend([helper.make_tensor_value_info('logit', TensorProto.FLOAT, ['N', 1]),
                     helper.make_tensor_value_info('block_stats', TensorProto.FLOAT, ['N', w.shape[-1]])])
    m.producer_name = 'corkboard tools/train/train_probe.py'
    m.doc_string = (f'Corkboard AI-image detector: frozen nsfwjs MobileNetV2 (ImageNet), channel {stat_kind} of its 17 blocks, '
                    f'{"kind-routed logistic heads" if routed else "logistic head"}; output logit (AI)')
    onnx.checker.check_model(m)
    onnx.save(m, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--pack', default='.train/pack')
    ap.add_argument('--out', default='.train/probe')
    ap.add_argument('--seed', type=int, default=20261126)
    ap.add_argument('--views', type=int, default=2, help='augmented views per training-split image, besides its protocol view')
    ap.add_argument('--C', type=float, nargs='+', default=[0.001, 0.003, 0.01], help='L2 strengths tried')
    ap.add_argument('--stats', nargs='+', default=['mean', 'mean+std'], choices=['mean', 'mean+std'], help='block statistics tried')
    ap.add_argument('--weighting', nargs='+', default=['class', 'source'], choices=['class', 'source'], help='sample weightings tried')
    ap.add_argument('--heads', nargs='+', default=['one', 'per-kind'], choices=['one', 'per-kind'],
                    help='one logistic head, or photo and art heads mixed by a router (KindRoutedHead); tried in this order')
    ap.add_argument('--folds', type=int, default=9)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--version', default='2026.11.2')
    args = ap.parse_args()
    t0 = time.time()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    pack = json.load(open(os.path.join(args.pack, 'pack.json')))
    rows = list(csv.DictReader(open(os.path.join(args.pack, 'manifest.csv'), newline='')))
    backbone = onnx.load(os.path.join(args.pack, 'backbone.onnx'))
    net = OnnxNet(backbone, LAYERS).eval()

    xs, view_row, view_id, blobs = build_views(args.pack, rows, args.seed, args.views)
    X = extract(net, xs)
    log(f'{len(X)} views, {X.shape[1]} features, {time.time() - t0:.0f}s')

    y = np.array([rows[i]['label'] == 'ai' for i in view_row], int)
    split = np.array([rows[i]['split'] for i in view_row])
    source = np.array([rows[i]['source_repo'] for i in view_row])
    kind = [rows[i]['kind'] for i in view_row]
    fit_mask, extra, proto_view = np.isin(split, ['train', 'val']), split == 'extra', view_id == 0
    scored = fit_mask & proto_view

    def kinds_of(mask):
        return [kind[i] for i in np.flatnonzero(mask)]

    # Statistics, weighting and regularisation: the best leave-source-out AUROC over training + validation
    # sources wins (the first listed wins a tie). Each statistic's columns (and extra rows) are taken once,
    # not once per trial: the slice copies the whole matrix.
    inputs = {}
    for stat_kind in args.stats:
        Xs = X[:, stat_columns(stat_kind)]
        inputs[stat_kind] = Xs, ((Xs[extra], y[extra], kinds_of(extra), source[extra]) if extra.any() else None)
    trials = {}
    for heads, stat_kind, scheme, C in itertools.product(args.heads, args.stats, args.weighting, args.C):
        Xs, extra_rows = inputs[stat_kind]
        oof = out_of_fold(Xs, y, kind, source, fit_mask, scheme, C, args.folds, extra_rows, heads)
        trials[(stat_kind, scheme, C, heads)] = (M.auroc(y[scored], oof[scored]), oof)
        log(f'{heads} {stat_kind} {scheme} C={C}: leave-source-out '
            f'{fmt(group_report(y[scored], oof[scored], kinds_of(scored)))}')
    best = max(trials, key=lambda t: trials[t][0])
    stat_kind, scheme, C, heads = best
    oof = trials[best][1]
    X = inputs[stat_kind][0]
    del inputs
    fit_idx = np.flatnonzero(fit_mask | extra)
    head = fit_head(X[fit_idx], y[fit_idx], kinds_of(fit_mask | extra), source[fit_idx], scheme, C, heads)

    # Calibration and thresholds on the out-of-fold logits (every source scored by a model that never saw it).
    l_oof, y_oof, k_oof = oof[scored], y[scored], kinds_of(scored)
    a, b = M.platt_fit(l_oof, y_oof)
    p_oof = M.sigmoid(a * l_oof + b)
    test = (split == 'test') & proto_view
    y_test, k_test = y[test], kinds_of(test)
    l_test = head.logit(X[test])
    p_test = M.sigmoid(a * l_test + b)
    thresholds, op_points = M.operating_points(p_oof, y_oof, k_oof, SENSITIVITY_FPR, 'threshold_per_group_out_of_fold',
                                               [('out_of_fold', y_oof, p_oof, k_oof), ('test', y_test, p_test, k_test)])
    oof_rep, test_rep = group_report(y_oof, l_oof, k_oof), group_report(y_test, l_test, k_test)
    log(f'chosen: {heads} head(s), {stat_kind}, {scheme} weighting, C={C}')
    log('leave-source-out (train+val):', fmt(oof_rep))
    log('TEST (held-out sources):', fmt(test_rep))
    log('thresholds:', json.dumps(thresholds))
    log('medium on test:', json.dumps({g: {k: (v['fpr'], v['tpr']) for k, v in r.items()} for g, r in op_points['medium']['test'].items()}))

    # Trivial-statistics baseline under the same protocol, fitted on the same sources.
    rows_fit = sorted({int(view_row[i]) for i in np.flatnonzero(scored)})
    rows_test = [int(view_row[i]) for i in np.flatnonzero(test)]
    bmodel = baseline.fit(np.stack([baseline.features(blobs[i]) for i in rows_fit]), np.array([rows[i]['label'] == 'ai' for i in rows_fit], int))
    bx_test = np.stack([baseline.features(blobs[i]) for i in rows_test])
    base_test = group_report(y_test, baseline.score(bmodel, bx_test), k_test)
    base_cv = group_report(y_test, baseline.cross_validated(bx_test, y_test, seed=args.seed % 1000), k_test)
    log('baseline fit->test:', fmt(base_test))
    log('baseline 5-fold CV inside test:', fmt(base_cv))

    # Export; the self-test value comes from the torch path, so the loader's check is also a parity check.
    w, bias = head.folded()
    onnx_path = os.path.join(args.out, 'model.onnx')
    export_onnx(backbone, net, stat_kind, w, bias, onnx_path)
    fill = np.full((1, 3, 224, 224), 0.5, np.float32)
    fill_feat = extract(net, fill)[:, stat_columns(stat_kind)]
    fill_logit = float(mix_logits(fill_feat @ w.T + bias)[0] if w.ndim == 2 else (fill_feat @ w)[0] + bias)
    model_bytes = open(onnx_path, 'rb').read()
    srcs = {s: sorted({r['source_repo'] for r in rows if r['split'] == s}) for s in ('train', 'val', 'test')}
    if extra.any():
        srcs['extra'] = sorted(set(source[extra]))
    extra_words = ' plus real human-made images from Debian packages (tools/train/extra-real)' if extra.any() else ''
    manifest = logit_manifest({
        'id': 'corkboard-mnv2-stats',
        'name': 'Corkboard default (MobileNetV2 block statistics)',
        'version': args.version,
        'description': f'Frozen ImageNet MobileNetV2 from nsfwjs (converted to ONNX by tools/convert-nsfwjs); {HEAD_WORDS[heads]} on the '
                       f'channel {STAT_WORDS[stat_kind]} of its 17 blocks, fitted on ../shared/datasets/ai-vs-real{extra_words} '
                       'with Pinterest-like augmentations; calibrated probability of AI generation.',
        'license': 'MIT',
        'source': 'npm:nsfwjs@4.4.0 MobileNetV2 (MIT), head fitted by tools/train/train_probe.py (see models/README.md)',
    }, model_bytes, (a, b), thresholds, {
        'note': 'Calibration and thresholds from leave-source-out out-of-fold scores over the training and validation '
                'sources, by FPR on real photos and on human illustration+anime separately (the stricter). Test = sources '
                'never seen in fitting, regularisation, calibration or threshold choice. Evaluation protocol: center '
                'square crop, 236 px, JPEG q80.',
        'data_manifest_sha256': pack['data_manifest_sha256'], 'split_sha256': pack['split_sha256'],
        **({'extra_real': pack['extra_real']} if 'extra_real' in pack else {}), 'seed': args.seed,
        'stats': stat_kind, 'weighting': scheme, 'C': C, **({'heads': heads} if heads != 'one' else {}),
        'folds': args.folds, 'sources': srcs, 'per_sensitivity': op_points,
        'test': test_rep, 'out_of_fold': oof_rep,
        'test_trivial_baseline': {'fit_to_test': base_test, 'cv_inside_test': base_cv},
    }, fill_logit)
    json.dump(manifest, open(os.path.join(args.out, 'manifest.json'), 'w'), indent=2)
    with open(os.path.join(args.out, 'scores.csv'), 'w', newline='') as f:
        out = csv.writer(f)
        out.writerow(['orig_file', 'split', 'label', 'kind', 'source_repo', 'logit', 'probability'])
        for mask, ll in ((scored, oof), (test, None)):
            for j, i in enumerate(np.flatnonzero(mask)):
                r = rows[view_row[i]]
                lg = ll[i] if ll is not None else l_test[j]
                out.writerow([r['orig_file'], r['split'], r['label'], r['kind'], r['source_repo'], f'{lg:.6f}', f'{M.sigmoid(a * lg + b):.6f}'])
    report = {'args': vars(args), 'pack': pack, 'trials': {' '.join(map(str, k)): t[0] for k, t in trials.items()},
              'stats': stat_kind, 'weighting': scheme, 'C': C, 'heads': heads,
              'calibration': [a, b], 'thresholds': thresholds, 'fill_logit': fill_logit, 'seconds': time.time() - t0,
              'torch': torch.__version__}
    json.dump(report, open(os.path.join(args.out, 'report.json'), 'w'), indent=1)
    log(f'done in {time.time() - t0:.0f}s; wrote {args.out}/model.onnx manifest.json scores.csv report.json')


if __name__ == '__main__':
    main()
