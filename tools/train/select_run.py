"""Picks, among finished training runs, the one with the best validation criterion (never test
figures) and copies its outputs to a destination folder, with a summary of all runs."""
import json
import shutil
import sys
import os

dest, runs = sys.argv[1], sys.argv[2:]
summary = []
for r in runs:
    try:
        rep = json.load(open(os.path.join(r, 'report.json')))
        summary.append({'run': r, 'args': rep['args'], 'best_epoch': rep['best_epoch'], 'best_criterion': rep['best_criterion'],
                        'test': json.load(open(os.path.join(r, 'manifest.json')))['operating_points']['test']})
    except (OSError, KeyError, ValueError) as e:
        summary.append({'run': r, 'error': str(e)})
ok = [s for s in summary if 'best_criterion' in s]
best = max(ok, key=lambda s: s['best_criterion']) if ok else None
os.makedirs(dest, exist_ok=True)
if best:
    for f in ('model.onnx', 'manifest.json', 'baseline.json', 'scores.csv', 'report.json'):
        shutil.copyfile(os.path.join(best['run'], f), os.path.join(dest, f))
json.dump({'selected': best and best['run'], 'runs': summary}, open(os.path.join(dest, 'runs.json'), 'w'), indent=1)
print('selected by validation criterion:', best and best['run'], best and best['best_criterion'])
