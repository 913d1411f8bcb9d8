"""Writes an evaluation CSV (file,label,kind,source_repo; paths relative to the CSV) for one split of
tools/train/split.json, for `npm run eval` on the original images of those sources."""
import argparse
import csv
import json
import os

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument('--data', default='../shared/datasets/ai-vs-real/manifest.csv')
ap.add_argument('--split', default='tools/train/split.json')
ap.add_argument('--which', choices=['train', 'val', 'test'], default='test')
ap.add_argument('--out', default='.train/eval-test.csv')
args = ap.parse_args()
split = json.load(open(args.split))
base = os.path.dirname(os.path.abspath(args.data))
out_dir = os.path.dirname(os.path.abspath(args.out))
os.makedirs(out_dir, exist_ok=True)
n = 0
with open(args.out, 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['file', 'label', 'kind', 'source_repo'])
    for r in csv.DictReader(open(args.data, newline='')):
        which = 'test' if r['source_repo'] in split['test'] else 'val' if r['source_repo'] in split['val'] else 'train'
        if which == args.which:
            w.writerow([os.path.relpath(os.path.join(base, r['file']), out_dir), r['label'], r['kind'], r['source_repo']])
            n += 1
print(f'{args.out}: {n} rows ({args.which} sources)')
