#!/bin/sh
# `npm run train [-- train_probe.py options]`: rebuilds the default model from scratch into .train/probe/
# (convert the nsfwjs backbone, pack ../shared/datasets/ai-vs-real, fit the head). About 8 min on 2 cores.
# Needs Debian's python3-torch, python3-onnx and python3-sklearn; PYTHON picks another interpreter.
set -eu
PY=${PYTHON:-python3}
if ! "$PY" -c 'import torch, onnx, sklearn' 2>/dev/null; then
  PY=/usr/bin/python3  # pyenv and similar shims come first on PATH without the Debian packages
fi
"$PY" -c 'import torch, onnx, sklearn' || { echo 'train: needs python3 with torch, onnx and sklearn (see models/README.md)' >&2; exit 2; }
npx tsx tools/convert-nsfwjs/convert.ts --model mobilenet_v2 --out .train/backbone-mnv2.onnx
"$PY" tools/train/make_pack.py
"$PY" tools/train/train_probe.py "$@"
echo 'train: to ship it, copy model.onnx and manifest.json from the --out folder (default .train/probe) to models/default/, then npm test'
