"""One extraction pass over every image of every dataset (datasets.py), cached under .train/features/ and
reused by every later run: the 17 MobileNetV2 block means (what the shipped head reads) of six views of
each image. The cache key is the dataset manifest's sha256, the seed and the view list, so a new round or
a changed manifest is extracted once and nothing else is redone.

Views (VIEWS), each a 224 px model input:
  protocol  the evaluation protocol (centre square, 236 px, JPEG q80), then the runtime preprocessing:
            what the instance scores;
  flip      the same protocol image mirrored (test-time averaging; corner crops were left out: the runtime
            preprocessing cannot crop them without a code change, and each view costs a full backbone pass);
  aug1, aug2  two Pinterest-like augmented views (train.augment) of the image packed as make_pack.py packs
            training images (longest side 448, JPEG q85): the training views of the shipped recipe."""
from __future__ import annotations

import os
import sys
import time
import zlib

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pack import training_jpeg  # noqa: E402
from onnx_torch import OnnxNet  # noqa: E402
from protocol import INPUT_SIZE, decode, model_input, protocol_jpeg, to_rgb  # noqa: E402
from train import augment, log  # noqa: E402
from train_probe import LAYERS  # noqa: E402

VIEWS = ['protocol', 'flip', 'aug1', 'aug2']
TRAIN_VIEWS = [0, 2, 3]  # the shipped recipe: the protocol view and two augmented views
CHUNK = 128


def image_views(path: str, rng: np.random.Generator) -> np.ndarray:
    """[6, 3, 224, 224] model inputs of one image, in VIEWS order."""
    im = to_rgb(Image.open(path))
    proto = decode(protocol_jpeg(im)).convert('RGB')
    packed = training_jpeg(im)
    return np.stack([model_input(proto), model_input(proto.transpose(Image.FLIP_LEFT_RIGHT)),
                     augment(packed, rng), augment(packed, rng)])


def block_means(net: OnnxNet, x: np.ndarray, batch: int = 48) -> np.ndarray:
    """[N, 1504] channel means of the 17 blocks (float64 sums, as train_probe.stats computes them)."""
    out = []
    with torch.no_grad():
        for s in range(0, len(x), batch):
            o = net(torch.from_numpy(x[s:s + batch]))
            out.append(torch.cat([o[n].double().mean((2, 3)) for n in LAYERS], 1).float().numpy())
    return np.concatenate(out)


def features_graph(backbone_path: str, cache: str) -> str:
    """The backbone with its `block_stats` output (train_probe.export_onnx with a zero head), for ort_block_means.mjs."""
    path = os.path.join(cache, 'block-means.onnx')
    if not os.path.exists(path):
        import onnx
        from train_probe import export_onnx
        backbone = onnx.load(backbone_path)
        export_onnx(backbone, OnnxNet(backbone, LAYERS), 'mean', np.zeros(1504), 0.0, path + '.tmp')
        os.replace(path + '.tmp', path)
    return path


def ort_block_means(graph: str, x: np.ndarray, threads: int = 2) -> np.ndarray:
    """block_means() computed by onnxruntime-node (tools/train/ort_block_means.mjs)."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, 'in.f32'), os.path.join(tmp, 'out.f32')
        np.ascontiguousarray(x, np.float32).tofile(src)
        subprocess.run(['node', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ort_block_means.mjs'), graph, src, dst,
                        str(threads)], check=True)
        return np.fromfile(dst, np.float32).reshape(len(x), -1)


def dataset_features(ds: dict, backbone_path: str, seed: int, cache: str = '.train/features', reverse: bool = False) -> np.ndarray:
    """[n_rows, len(VIEWS), 1504] float32 for one dataset of datasets.find(), from the cache or extracted
    chunk by chunk (an interrupted run resumes at the next missing chunk). Each image's augmentation
    stream is seeded by (seed, dataset name, row index), so a chunk never depends on another."""
    folder = os.path.join(cache, f'{ds["name"]}-{ds["sha256"][:16]}-s{seed}-{"_".join(VIEWS)}')
    os.makedirs(folder, exist_ok=True)
    rows, parts = ds['rows'], []
    graph = features_graph(backbone_path, cache)
    starts = list(range(0, len(rows), CHUNK))
    for start in (starts[::-1] if reverse else starts):
        path = os.path.join(folder, f'{start:05d}.npy')
        if not os.path.exists(path):
            t0 = time.time()
            xs = np.concatenate([image_views(r['path'], np.random.default_rng([seed, zlib.crc32(ds['name'].encode()), start + i]))
                                 for i, r in enumerate(rows[start:start + CHUNK])])
            t1 = time.time()
            f = ort_block_means(graph, xs).reshape(-1, len(VIEWS), 1504)
            np.save(path + '.tmp.npy', f)
            os.replace(path + '.tmp.npy', path)
            log(f'{ds["name"]} {start + len(f)}/{len(rows)}: views {1000 * (t1 - t0) / len(xs):.1f} ms, '
                f'backbone {1000 * (time.time() - t1) / len(xs):.1f} ms per view')
    return np.concatenate([np.load(os.path.join(folder, f'{start:05d}.npy')) for start in starts])


if __name__ == '__main__':
    import argparse
    import datasets as D
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--datasets', default='../shared/datasets')
    ap.add_argument('--backbone', default='.train/backbone-mnv2.onnx')
    ap.add_argument('--seed', type=int, default=20261126)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--reverse', action='store_true', help='last chunk first: a second process run beside a first one '
                    'shares the work (chunks are written atomically)')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    sets, skipped = D.find(args.datasets)
    for s in skipped:
        log('skipped', s)
    for ds in (sets[::-1] if args.reverse else sets):
        log(ds['name'], dataset_features(ds, args.backbone, args.seed, reverse=args.reverse).shape)
