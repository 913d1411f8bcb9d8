"""Builds the compact training pack (.train/pack/) from ../shared/datasets/ai-vs-real: training
images downsized and re-encoded, validation and test images already passed through the evaluation
protocol, one manifest with label/kind/source/split, and the data manifest's sha256. The extra real
images of --extra-real lists (human-made art and camera photos from Debian packages, tools/train/fetch_extra_real.sh) are
packed like training images, after the dataset's rows, with split 'extra': they only ever train."""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterator

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from protocol import jpeg_bytes, protocol_jpeg, to_rgb  # noqa: E402


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def training_jpeg(im: Image.Image, side: int = 448, quality: int = 85) -> bytes:
    """How a training image is packed: longest side down to `side` (never up), JPEG at `quality`."""
    s = side / max(im.size)
    if s < 1:
        im = im.resize((max(1, round(im.size[0] * s)), max(1, round(im.size[1] * s))), Image.LANCZOS)
    return jpeg_bytes(im, quality)


def extra_real_images(path: str, root: str) -> Iterator[tuple[dict, Image.Image]]:
    """The rows of an extra-real list (path,kind,source,version,sha256) with their images as RGB. Every file
    is checked against its sha256 before the first is yielded, so a different package version stops the
    run before anything is written; images are then decoded one at a time (wallpapers reach 5120 px)."""
    rows = list(csv.DictReader(open(path, newline='')))
    for r in rows:
        file = os.path.join(root, r['path'])
        if not os.path.exists(file) or sha256_file(file) != r['sha256']:
            sys.exit(f'{file} is missing or not the file listed in {path} ({r["source"]} {r["version"]}; '
                     f'run tools/train/fetch_extra_real.sh {path})')
    for r in rows:
        yield r, to_rgb(Image.open(os.path.join(root, r['path'])))


def split_of(source: str, split: dict) -> str:
    if source in split['test']:
        return 'test'
    if source in split['val']:
        return 'val'
    return 'train'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', default='../shared/datasets/ai-vs-real/manifest.csv')
    ap.add_argument('--split', default='tools/train/split.json')
    ap.add_argument('--backbone', default='.train/backbone-mnv2.onnx')
    ap.add_argument('--out', default='.train/pack')
    ap.add_argument('--train-side', type=int, default=448, help='longest side of packed training images')
    ap.add_argument('--train-quality', type=int, default=85)
    ap.add_argument('--extra-real', nargs='*', default=[],
                    help='lists of extra real images, tools/train/extra-real/*.csv (default none: the dataset alone, '
                         'as for the shipped model)')
    ap.add_argument('--extra-root', default='.train/debian/root', help='folder the extra-real paths are relative to')
    args = ap.parse_args()

    split = json.load(open(args.split))
    base = os.path.dirname(os.path.abspath(args.data))
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, 'images'))
    rows = list(csv.DictReader(open(args.data, newline='')))
    out_rows = []
    for i, r in enumerate(rows):
        which = split_of(r['source_repo'], split)
        im = to_rgb(Image.open(os.path.join(base, r['file'])))
        if which == 'train':
            data = training_jpeg(im, args.train_side, args.train_quality)
        else:
            data = protocol_jpeg(im)  # val/test are only ever seen through the evaluation protocol
        name = f'images/{i:05d}.jpg'
        with open(os.path.join(args.out, name), 'wb') as f:
            f.write(data)
        out_rows.append({'file': name, 'label': r['label'], 'kind': r['kind'], 'source_repo': r['source_repo'],
                         'generator': r['generator'], 'split': which, 'orig_file': r['file']})
    extra_lists = []
    for path in args.extra_real:
        listed = 0
        for r, im in extra_real_images(path, args.extra_root):
            listed += 1
            name = f'images/x{len(out_rows):05d}.jpg'
            with open(os.path.join(args.out, name), 'wb') as f:
                f.write(training_jpeg(im, args.train_side, args.train_quality))
            out_rows.append({'file': name, 'label': 'real', 'kind': r['kind'], 'source_repo': r['source'],
                             'generator': '', 'split': 'extra', 'orig_file': r['path']})
        extra_lists.append({'list': os.path.relpath(path), 'sha256': sha256_file(path), 'rows': listed})
    with open(os.path.join(args.out, 'manifest.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(out_rows[0].keys()))
        w.writeheader()
        w.writerows(out_rows)
    shutil.copyfile(args.backbone, os.path.join(args.out, 'backbone.onnx'))
    info = {'data_manifest': os.path.relpath(args.data), 'data_manifest_sha256': sha256_file(args.data),
            'split_sha256': sha256_file(args.split), 'backbone_sha256': sha256_file(args.backbone),
            'train_side': args.train_side, 'train_quality': args.train_quality, 'rows': len(out_rows)}
    if extra_lists:  # absent without extras, so a pack of the dataset alone is described as before
        info['extra_real'] = extra_lists
    json.dump(info, open(os.path.join(args.out, 'pack.json'), 'w'), indent=1)
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(args.out) for fn in fns)
    print(json.dumps(info), f'pack bytes: {total}')


if __name__ == '__main__':
    main()
