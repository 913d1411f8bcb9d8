#!/usr/bin/env bash
# One GPU call: several configurations in parallel on the same pack and seed; the one with the best
# validation criterion (mean of photo and art AUROC on the validation sources, never test figures) is
# kept by tools/train/select_run.py. Usage: tools/train/run_device.sh OUTDIR
# Round 1 (first device call) ran: --bn frozen | --bn train | --bn frozen --lr-backbone 2e-4 (no EMA, zero head).
set -u
OUTDIR=${1:-.train/out}
export PYTHONUNBUFFERED=1
mkdir -p "$OUTDIR"
nvidia-smi -L 2>/dev/null
python3 -c "import torch, onnx, PIL; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
COMMON="--pack .train/pack --workers 3 --epochs 25 --patience 8 --max-train-seconds 230"
T=tools/train/train.py
python3 $T --pack .train/pack --workers 0 --epochs 0 --out /tmp/run_a >/tmp/run_a.log 2>&1 &
python3 $T $COMMON --init-head probe --bn frozen --ema 0.99 --out /tmp/run_b >/tmp/run_b.log 2>&1 &
python3 $T $COMMON --init-head probe --bn train --ema 0.99 --out /tmp/run_c >/tmp/run_c.log 2>&1 &
python3 $T $COMMON --init-head probe --bn frozen --ema 0.99 --lr-backbone 3e-5 --out /tmp/run_d >/tmp/run_d.log 2>&1 &
python3 $T $COMMON --bn train --ema 0.99 --out /tmp/run_e >/tmp/run_e.log 2>&1 &
wait
for r in a b c d e; do echo "===== run_$r"; cat /tmp/run_$r.log; done > "$OUTDIR/train.log"
python3 tools/train/select_run.py "$OUTDIR" /tmp/run_a /tmp/run_b /tmp/run_c /tmp/run_d /tmp/run_e | tee -a "$OUTDIR/train.log"
grep -h -E 'best epoch|probe only|TEST|baseline|parity|done in|time budget|Error|error' /tmp/run_*.log
