"""Fine-tunes the converted nsfwjs MobileNetV2 end to end as an AI-image detector on the training pack
(make_pack.py), early-stops on leave-source-out validation, fits Platt calibration and per-sensitivity
thresholds on validation, reports held-out test sources, and exports model.onnx + manifest.json."""
from __future__ import annotations

import os

os.environ.setdefault('CUBLAS_WORKSPACE_CONFIG', ':4096:8')  # deterministic cuBLAS; must precede CUDA init

import argparse
import copy
import csv
import json
import math
import random
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import helper, numpy_helper
from PIL import Image, ImageEnhance

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baseline  # noqa: E402
import metrics as M  # noqa: E402
from onnx_torch import OnnxNet, drop_unused_initializers, keep_only  # noqa: E402
from protocol import INPUT_SIZE, decode, jpeg_bytes, logit_manifest, model_input, protocol_jpeg  # noqa: E402

# Sensitivity -> (hide FPR, label FPR) on real images; the stricter of photos and human art wins.
SENSITIVITY_FPR = {'low': (0.005, 0.02), 'medium': (0.01, 0.05), 'high': (0.05, 0.10)}
RESAMPLERS = [Image.BILINEAR, Image.BICUBIC, Image.LANCZOS]


def log(*a):
    print(*a, flush=True)


# ---------------------------------------------------------------- augmentation (training only)

def augment(data: bytes, rng: np.random.Generator, size: int = INPUT_SIZE) -> np.ndarray:
    """Pinterest-like view of one training image: random square/portrait crop, flip, mild colour
    jitter, downscale to a Pinterest width (236/474/736, never up), JPEG q50-95, then the runtime
    preprocessing. Breaks the dataset's aspect-ratio, size and compression-history shortcuts."""
    im = decode(data).convert('RGB')
    w, h = im.size
    u = rng.random()
    aspect = 1.0 if u < 0.45 else (rng.uniform(0.5, 0.8) if u < 0.85 else w / h)  # width / height
    cw, ch = (w, w / aspect) if w / h <= aspect else (h * aspect, h)  # largest crop of that aspect
    f = math.sqrt(rng.uniform(0.45, 1.0))  # area fraction of that largest crop
    cw, ch = max(8, int(round(cw * f))), max(8, int(round(ch * f)))
    x0, y0 = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
    im = im.crop((x0, y0, x0 + cw, y0 + ch))
    if rng.random() < 0.5:
        im = im.transpose(Image.FLIP_LEFT_RIGHT)
    if rng.random() < 0.8:
        im = ImageEnhance.Brightness(im).enhance(rng.uniform(0.9, 1.1))
        im = ImageEnhance.Contrast(im).enhance(rng.uniform(0.9, 1.1))
        im = ImageEnhance.Color(im).enhance(rng.uniform(0.85, 1.15))
    width = int(rng.choice([236, 474, 736]))
    if im.size[0] > width:
        im = im.resize((width, max(1, round(im.size[1] * width / im.size[0]))), RESAMPLERS[int(rng.integers(0, 3))])
    im = decode(jpeg_bytes(im, int(rng.integers(50, 96))))
    return model_input(im, size)


class TrainSet(torch.utils.data.Dataset):
    def __init__(self, blobs: list[bytes], labels: np.ndarray):
        self.blobs, self.labels = blobs, labels

    def __len__(self):
        return len(self.blobs)

    def __getitem__(self, key):
        idx, seed = key
        x = augment(self.blobs[idx], np.random.default_rng(seed))
        return torch.from_numpy(x), torch.tensor(float(self.labels[idx]))


class EpochSampler(torch.utils.data.Sampler):
    """Weighted draws with replacement; each draw carries its own augmentation seed, so batches do
    not depend on which worker decodes them."""

    def __init__(self, weights: np.ndarray, seed: int):
        self.weights = torch.as_tensor(weights, dtype=torch.double)
        self.seed, self.epoch = seed, 0

    def __len__(self):
        return len(self.weights)

    def __iter__(self):
        g = torch.Generator().manual_seed(self.seed * 1000 + self.epoch)
        idx = torch.multinomial(self.weights, len(self.weights), replacement=True, generator=g).tolist()
        seeds = torch.randint(0, 2 ** 62, (len(idx),), generator=g).tolist()
        return iter(list(zip(idx, seeds)))


def _one_thread(_worker_id: int) -> None:
    torch.set_num_threads(1)  # workers only decode and augment; leave the cores to each other


def sample_weights(labels: np.ndarray, kinds: list[str], sources: list[str]) -> np.ndarray:
    """Each (label, photo|art) cell gets the same total weight (human art is scarce); inside a cell a
    source of n images weighs sqrt(n), so one big source (ImageNet samples) cannot dominate."""
    group = np.array(['photo' if k == 'photo' else 'art' for k in kinds])
    w = np.zeros(len(labels))
    for lab in (0, 1):
        for g in ('photo', 'art'):
            cell = np.flatnonzero((labels == lab) & (group == g))
            if len(cell) == 0:
                continue
            src = np.array(sources)[cell]
            counts = {s: (src == s).sum() for s in set(src)}
            cw = np.array([1 / math.sqrt(counts[s]) for s in src])
            w[cell] = cw / cw.sum()
    return w / w.sum()


# ---------------------------------------------------------------- model

class Detector(nn.Module):
    def __init__(self, backbone: onnx.ModelProto, dropout: float):
        super().__init__()
        self.backbone = OnnxNet(backbone, ['features'])
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(1280, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x):
        return self.head(self.drop(self.backbone(x)['features'])).squeeze(1)


def freeze_bn_stats(model: nn.Module) -> None:
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eval()


def freeze_before(net: OnnxNet, node_name: str) -> list[nn.Module]:
    """Freezes the layers computed before `node_name` (the early, generic blocks); returns them."""
    frozen = []
    for _op, node, _a, key in net.plan:
        if node.name == node_name:
            return frozen
        if key in net.layers:
            net.layers[key].requires_grad_(False)
            frozen.append(net.layers[key])
    raise ValueError(f'no node named {node_name}')


class Ema:
    """Exponential moving average of weights and BN statistics; smooths the noisy per-epoch
    validation curve of a small data set."""

    def __init__(self, model: nn.Module, decay: float):
        self.decay, self.steps = decay, 0
        self.state = {k: v.detach().clone() for k, v in model.state_dict().items()}

    @torch.no_grad()
    def update(self, model: nn.Module) -> None:
        self.steps += 1
        d = min(self.decay, (1 + self.steps) / (10 + self.steps))
        for k, v in model.state_dict().items():
            if v.dtype.is_floating_point:
                self.state[k].mul_(d).add_(v.detach(), alpha=1 - d)
            else:
                self.state[k].copy_(v)


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor, device, batch=128) -> np.ndarray:
    model.eval()
    out = [model(x[i:i + batch].to(device)).float().cpu() for i in range(0, len(x), batch)]
    return torch.cat(out).numpy().astype(np.float64)


def group_report(y, s, kinds) -> dict:
    return {g: M.summary(y[m], s[m]) for g, m in M.group_masks(kinds).items()}


def fmt(rep: dict) -> str:
    parts = []
    for g, r in rep.items():
        a = r['auroc']
        parts.append(f"{g}: auc {a:.3f} tpr@1 {r['tpr_at_fpr_1']:.2f} tpr@5 {r['tpr_at_fpr_5']:.2f}" if a is not None else f'{g}: -')
    return ' | '.join(parts)


# ---------------------------------------------------------------- export

def export_onnx(backbone: onnx.ModelProto, model: Detector, path: str) -> None:
    """The backbone graph with fine-tuned weights, pruned to `features`, plus a Gemm head -> `logit`."""
    m = copy.deepcopy(backbone)
    model.backbone.write_back(m)
    keep_only(m, model.backbone.nodes)
    g = m.graph
    w = model.head.weight.detach().cpu().numpy().astype(np.float32)  # [1, 1280]
    b = model.head.bias.detach().cpu().numpy().astype(np.float32)
    g.initializer.extend([numpy_helper.from_array(w, 'ai_head/weight'), numpy_helper.from_array(b, 'ai_head/bias')])
    g.node.extend([helper.make_node('Gemm', ['features', 'ai_head/weight', 'ai_head/bias'], ['logit'], name='ai_head', transB=1)])
    drop_unused_initializers(m)
    feats = [o for o in g.output if o.name == 'features']
    del g.output[:]
    g.output.extend([helper.make_tensor_value_info('logit', onnx.TensorProto.FLOAT, ['N', 1])] + feats)
    m.producer_name = 'corkboard tools/train/train.py'
    m.doc_string = 'Corkboard AI-image detector: nsfwjs MobileNetV2 (ImageNet) fine-tuned; output logit (AI), features'
    onnx.checker.check_model(m)
    onnx.save(m, path)


# ---------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--pack', default='.train/pack')
    ap.add_argument('--out', default='.train/out')
    ap.add_argument('--seed', type=int, default=20261126)
    ap.add_argument('--epochs', type=int, default=25)
    ap.add_argument('--patience', type=int, default=8)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr-backbone', type=float, default=1e-4)
    ap.add_argument('--lr-head', type=float, default=1e-3)
    ap.add_argument('--weight-decay', type=float, default=1e-4)
    ap.add_argument('--dropout', type=float, default=0.2)
    ap.add_argument('--bn', choices=['frozen', 'train'], default='frozen', help='BatchNorm running statistics')
    ap.add_argument('--workers', type=int, default=max(0, min(12, (os.cpu_count() or 1) - 2)))
    ap.add_argument('--init-head', choices=['zero', 'probe'], default='zero',
                    help='probe: start from the frozen-feature logistic regression (linear probe, then fine-tune)')
    ap.add_argument('--ema', type=float, default=0.0, help='EMA decay of weights used for validation and export (0: off)')
    ap.add_argument('--freeze-until', default='', help='freeze backbone layers before this ONNX node (e.g. block_12_expand)')
    ap.add_argument('--max-train-seconds', type=float, default=0, help='stop starting new epochs after this (0: no limit)')
    ap.add_argument('--limit', type=int, default=0, help='smoke runs: use only this many training images')
    ap.add_argument('--version', default='2026.11.0')
    args = ap.parse_args()
    t_start = time.time()
    os.makedirs(args.out, exist_ok=True)

    random.seed(args.seed)
    np.random.seed(args.seed % 2 ** 32)
    torch.manual_seed(args.seed)
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = True
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.use_deterministic_algorithms(True, warn_only=True)
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    log(f'torch {torch.__version__} device {device} workers {args.workers} seed {args.seed}')

    pack = json.load(open(os.path.join(args.pack, 'pack.json')))
    rows = list(csv.DictReader(open(os.path.join(args.pack, 'manifest.csv'), newline='')))
    blobs = [open(os.path.join(args.pack, r['file']), 'rb').read() for r in rows]
    y_all = np.array([1 if r['label'] == 'ai' else 0 for r in rows])
    split = np.array([r['split'] for r in rows])
    kinds_all = [r['kind'] for r in rows]
    sources_all = [r['source_repo'] for r in rows]
    idx = {s: np.flatnonzero(split == s) for s in ('train', 'val', 'test')}
    if args.limit:
        idx['train'] = np.random.default_rng(args.seed).choice(idx['train'], args.limit, replace=False)
    srcs = {s: sorted({sources_all[i] for i in idx[s]}) for s in idx}
    assert not (set(srcs['test']) & (set(srcs['train']) | set(srcs['val']))), 'a test source leaks'
    assert not (set(srcs['val']) & set(srcs['train'])), 'a val source leaks'
    log('split:', {s: len(v) for s, v in idx.items()}, 'test sources:', srcs['test'])

    def eval_tensor(ids):  # val/test blobs are already protocol JPEGs
        return torch.from_numpy(np.stack([model_input(decode(blobs[i])) for i in ids]))

    x_val, x_test = eval_tensor(idx['val']), eval_tensor(idx['test'])
    y_val, y_test = y_all[idx['val']], y_all[idx['test']]
    k_val, k_test = [kinds_all[i] for i in idx['val']], [kinds_all[i] for i in idx['test']]

    backbone = onnx.load(os.path.join(args.pack, 'backbone.onnx'))
    model = Detector(backbone, args.dropout).to(device)
    frozen_layers = freeze_before(model.backbone, args.freeze_until) if args.freeze_until else []

    # Frozen-backbone linear probe, the reference the fine-tune must beat.
    with torch.no_grad():
        model.eval()
        feat = lambda x: torch.cat([model.backbone(x[i:i + 128].to(device))['features'].cpu() for i in range(0, len(x), 128)])
        train_protocol = [protocol_jpeg(decode(blobs[i])) for i in idx['train']]
        tr_plain = torch.from_numpy(np.stack([model_input(decode(j)) for j in train_protocol]))
        f_tr, f_val, f_te = feat(tr_plain).numpy(), feat(x_val).numpy(), feat(x_test).numpy()
    probe = baseline.fit(f_tr, y_all[idx['train']], l2=1e-2, iters=30)
    probe_val = group_report(y_val, baseline.score(probe, f_val), k_val)
    probe_test = group_report(y_test, baseline.score(probe, f_te), k_test)
    log('frozen linear probe, val:', fmt(probe_val))
    if args.init_head == 'probe' or args.epochs == 0:
        # Standardised weights folded into the Linear head: w/sd, b - sum(w*mu/sd).
        wp = np.asarray(probe['weights']) / np.asarray(probe['std'])
        with torch.no_grad():
            model.head.weight.copy_(torch.from_numpy(wp[None, :]).float())
            model.head.bias.fill_(float(probe['bias'] - (wp * np.asarray(probe['mean'])).sum()))
    del f_tr, tr_plain

    w = sample_weights(y_all[idx['train']], [kinds_all[i] for i in idx['train']], [sources_all[i] for i in idx['train']])
    ds = TrainSet([blobs[i] for i in idx['train']], y_all[idx['train']])
    sampler = EpochSampler(w, args.seed)
    g = torch.Generator().manual_seed(args.seed)
    loader = torch.utils.data.DataLoader(ds, batch_size=args.batch, sampler=sampler, num_workers=args.workers,
                                         drop_last=True, generator=g, persistent_workers=args.workers > 0,
                                         worker_init_fn=_one_thread)
    decay, no_decay = [], []
    for name, p in model.backbone.named_parameters():
        if p.requires_grad:
            (decay if p.ndim > 1 else no_decay).append(p)
    opt = torch.optim.AdamW([
        {'params': decay, 'lr': args.lr_backbone, 'weight_decay': args.weight_decay},
        {'params': no_decay, 'lr': args.lr_backbone, 'weight_decay': 0.0},
        {'params': model.head.parameters(), 'lr': args.lr_head, 'weight_decay': args.weight_decay},
    ])
    steps_per_epoch = len(loader)
    total = steps_per_epoch * args.epochs
    warm = steps_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else 0.5 * (1 + math.cos(math.pi * (s - warm) / max(1, total - warm))))
    loss_fn = nn.BCEWithLogitsLoss()

    best, best_state, best_epoch, history = -1.0, None, -1, []
    t_train = time.time()
    ema = Ema(model, args.ema) if args.ema else None
    eval_model = copy.deepcopy(model) if ema else model
    if args.epochs == 0:  # linear probe only: the frozen backbone with the probe head
        s_val = predict(model, x_val, device)
        rep = group_report(y_val, s_val, k_val)
        best, best_epoch = float(np.mean([rep['photo']['auroc'], rep['art']['auroc']])), 0
        best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        history.append({'epoch': 0, 'loss': None, 'val': rep, 'criterion': best})
        log(f'probe only: val {fmt(rep)} crit {best:.4f}')
    for epoch in range(args.epochs):
        t0 = time.time()
        sampler.epoch = epoch
        model.train()
        if args.bn == 'frozen':
            freeze_bn_stats(model)
        for m in frozen_layers:
            m.eval()
        run_loss, n = 0.0, 0
        for xb, yb in loader:
            xb, yb = xb.to(device, non_blocking=True), yb.to(device)
            loss = loss_fn(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            if ema:
                ema.update(model)
            run_loss += loss.item() * len(yb)
            n += len(yb)
        if ema:
            eval_model.load_state_dict(ema.state)
        s_val = predict(eval_model, x_val, device)
        rep = group_report(y_val, s_val, k_val)
        crit = float(np.mean([rep['photo']['auroc'], rep['art']['auroc']]))
        history.append({'epoch': epoch + 1, 'loss': run_loss / max(1, n), 'val': rep, 'criterion': crit})
        mark = ''
        if crit > best + 1e-6:
            best, best_epoch, mark = crit, epoch + 1, ' *'
            best_state = {k: v.detach().cpu().clone() for k, v in eval_model.state_dict().items()}
        log(f'epoch {epoch + 1:2d} loss {run_loss / max(1, n):.4f} val {fmt(rep)} crit {crit:.4f}{mark} ({time.time() - t0:.1f}s)')
        if epoch + 1 - best_epoch >= args.patience:
            log(f'early stop: no val gain for {args.patience} epochs')
            break
        if args.max_train_seconds and time.time() - t_train > args.max_train_seconds:
            log(f'time budget of {args.max_train_seconds:.0f}s spent: stopping after epoch {epoch + 1}')
            break
    model.load_state_dict(best_state)
    model.eval()
    log(f'best epoch {best_epoch} criterion {best:.4f}')

    # Calibration and thresholds: validation sources only.
    l_val, l_test = predict(model, x_val, device), predict(model, x_test, device)
    a, b = M.platt_fit(l_val, y_val)
    p_val, p_test = M.sigmoid(a * l_val + b), M.sigmoid(a * l_test + b)
    thresholds, op_points = M.operating_points(p_val, y_val, k_val, SENSITIVITY_FPR, 'threshold_per_group_on_val',
                                               [('val', y_val, p_val, k_val), ('test', y_test, p_test, k_test)])
    val_rep, test_rep = group_report(y_val, l_val, k_val), group_report(y_test, l_test, k_test)
    log('val :', fmt(val_rep))
    log('TEST (held-out sources):', fmt(test_rep))
    log('frozen linear probe, TEST:', fmt(probe_test))
    log('thresholds:', json.dumps(thresholds))
    log('medium on test:', json.dumps({g: {k: (v['fpr'], v['tpr']) for k, v in r.items()} for g, r in op_points['medium']['test'].items()}))

    # Trivial-statistics baseline under the same protocol.
    bx = {'train': np.stack([baseline.features(j) for j in train_protocol]),
          'test': np.stack([baseline.features(blobs[i]) for i in idx['test']])}
    bmodel = baseline.fit(bx['train'], y_all[idx['train']])
    base_test = group_report(y_test, baseline.score(bmodel, bx['test']), k_test)
    base_cv = group_report(y_test, baseline.cross_validated(bx['test'], y_test, seed=args.seed % 1000), k_test)
    log('baseline train->test:', fmt(base_test))
    log('baseline 5-fold CV inside test:', fmt(base_cv))

    # Export and self-test.
    onnx_path = os.path.join(args.out, 'model.onnx')
    export_onnx(backbone, model.cpu(), onnx_path)
    with torch.no_grad():
        fill_logit = float(model(torch.full((1, 3, 224, 224), 0.5)).item())
        probe_x = x_val[:8]
        torch_logits = model(probe_x).numpy()
    selftest_p = float(M.sigmoid(a * fill_logit + b))
    parity = None
    try:
        import onnxruntime as ort
        sess = ort.InferenceSession(onnx_path, providers=['CPUExecutionProvider'])
        ort_logits = sess.run(['logit'], {'input': probe_x.numpy()})[0][:, 0]
        ort_fill = float(sess.run(['logit'], {'input': np.full((1, 3, 224, 224), 0.5, np.float32)})[0][0, 0])
        parity = {'max_abs_logit_diff': float(np.abs(ort_logits - torch_logits).max()), 'fill_logit_ort': ort_fill}
        log('onnxruntime parity:', parity)
    except ImportError:
        log('onnxruntime not installed here: export parity left to `npm run eval`')
    model_bytes = open(onnx_path, 'rb').read()

    manifest = logit_manifest({
        'id': 'corkboard-mnv2-ft',
        'name': 'Corkboard default (MobileNetV2 fine-tuned)',
        'version': args.version,
        'description': 'ImageNet MobileNetV2 from nsfwjs, converted to ONNX by tools/convert-nsfwjs and fine-tuned end to end '
                       'on ../shared/datasets/ai-vs-real with Pinterest-like augmentations; calibrated probability of AI generation.',
        'license': 'MIT',
        'source': 'npm:nsfwjs@4.4.0 MobileNetV2 (MIT) fine-tuned by tools/train/train.py (see models/README.md)',
    }, model_bytes, (a, b), thresholds, {
        'note': 'Thresholds chosen on validation sources by FPR on real photos and on human illustration+anime '
                'separately (the stricter). Test = sources never seen in training, early stopping, calibration or '
                'threshold choice. Evaluation protocol: center square crop, 236 px, JPEG q80.',
        'data_manifest_sha256': pack['data_manifest_sha256'], 'split_sha256': pack['split_sha256'], 'seed': args.seed,
        'best_epoch': best_epoch, 'sources': srcs, 'per_sensitivity': op_points,
        'test': test_rep, 'val': val_rep, 'test_frozen_probe': probe_test, 'val_frozen_probe': probe_val,
        'test_trivial_baseline': {'train_to_test': base_test, 'cv_inside_test': base_cv},
    }, fill_logit)
    json.dump(manifest, open(os.path.join(args.out, 'manifest.json'), 'w'), indent=2)
    json.dump(bmodel, open(os.path.join(args.out, 'baseline.json'), 'w'), indent=2)
    with open(os.path.join(args.out, 'scores.csv'), 'w', newline='') as f:
        wcsv = csv.writer(f)
        wcsv.writerow(['orig_file', 'split', 'label', 'kind', 'source_repo', 'logit', 'probability'])
        for ids, ll, pp in ((idx['val'], l_val, p_val), (idx['test'], l_test, p_test)):
            for i, l_, p_ in zip(ids, ll, pp):
                r = rows[i]
                wcsv.writerow([r['orig_file'], r['split'], r['label'], r['kind'], r['source_repo'], f'{l_:.6f}', f'{p_:.6f}'])
    report = {'args': vars(args), 'pack': pack, 'history': history, 'best_epoch': best_epoch, 'best_criterion': best,
              'calibration': [a, b], 'thresholds': thresholds, 'parity': parity, 'fill_logit': fill_logit, 'fill_probability': selftest_p,
              'seconds': time.time() - t_start, 'torch': torch.__version__, 'device': str(device)}
    json.dump(report, open(os.path.join(args.out, 'report.json'), 'w'), indent=1)
    log(f'done in {time.time() - t_start:.0f}s; wrote {args.out}/model.onnx manifest.json baseline.json scores.csv report.json')


if __name__ == '__main__':
    main()
