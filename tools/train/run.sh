#!/bin/sh
# `npm run train [-- train_all.py options]`: rebuilds the default model from scratch into .train/all/
# (convert the nsfwjs backbone, extract the block means of every image of every dataset under
# ../shared/datasets once into .train/features/, choose the recipe by leave-source-out over all sources,
# refit on all of them, export). The extraction is the slow part (about 4,000 images x 4 views; 10 to 40 min
# on 2 cores depending on load) and is cached: a rerun, or a new round, extracts only what is missing.
# Needs Debian's python3-torch, python3-onnx, python3-sklearn and python3-scipy; PYTHON picks another interpreter.
set -eu
PY=${PYTHON:-python3}
if ! "$PY" -c 'import torch, onnx, sklearn, scipy' 2>/dev/null; then
  PY=/usr/bin/python3  # pyenv and similar shims come first on PATH without the Debian packages
fi
"$PY" -c 'import torch, onnx, sklearn, scipy' || { echo 'train: needs python3 with torch, onnx, sklearn and scipy (see models/README.md)' >&2; exit 2; }
[ -f .train/backbone-mnv2.onnx ] || npx tsx tools/convert-nsfwjs/convert.ts --model mobilenet_v2 --out .train/backbone-mnv2.onnx
"$PY" tools/train/train_all.py "$@"
echo 'train: to ship it, copy model.onnx and manifest.json from the --out folder (default .train/all) to models/default/, then npm test'
