"""The evaluation protocol (how the instance sees an image: center square crop, 236 px, JPEG q80) and the
runtime preprocessing (shorter side to 224 bilinear, center crop, RGB/255), in PIL. Mirrors
src/cli/eval/eval-protocol.ts and the manifest's input block; also builds the manifest itself."""
from __future__ import annotations

import hashlib
import io

import numpy as np
from PIL import Image

PROTOCOL_SIZE = 236
PROTOCOL_QUALITY = 80
INPUT_SIZE = 224
# The manifest's `input` block for a model fed by model_input() below.
MANIFEST_INPUT = {'name': 'input', 'layout': 'NCHW', 'size': [INPUT_SIZE, INPUT_SIZE], 'resize': 'shorter_side', 'crop': 'center',
                  'interpolation': 'bilinear', 'alpha': 'white', 'scale': 1 / 255, 'mean': [0, 0, 0], 'std': [1, 1, 1],
                  'min_source_px': 160}
# The manifest's `runtime` block. Batches of 4, not 8: onnxruntime's arena grows with the batch, and
# 4 keeps the instance's peak RSS about 70 MiB lower at the same cold-page time (BENCHMARKS.md).
MANIFEST_RUNTIME = {'intra_op_threads': 2, 'max_batch': 4}


def logit_manifest(identity: dict, model_bytes: bytes, platt: tuple[float, float], thresholds: dict,
                   operating_points: dict, fill_logit: float) -> dict:
    """The manifest (ModelManifest in src/ai/types.ts) of a model fed by model_input() whose output `logit`
    is the raw AI logit. `identity`: id, name, version, description, license, source, in that order."""
    return {
        'schema': 1,
        **identity,
        'file': 'model.onnx',
        'sha256': hashlib.sha256(model_bytes).hexdigest(),
        'input': MANIFEST_INPUT,
        'output': {'name': 'logit', 'kind': 'logit', 'ai_index': 0},
        'calibration': {'type': 'platt', 'a': round(platt[0], 6), 'b': round(platt[1], 6)},
        'thresholds': thresholds,
        'operating_points': operating_points,
        'runtime': MANIFEST_RUNTIME,
        # The loader compares the RAW output (logit, before calibration) for a tensor filled with `fill`.
        'selftest': {'fill': 0.5, 'expect': round(fill_logit, 6), 'atol': 1e-3},
    }


def to_rgb(im: Image.Image) -> Image.Image:
    """Flattens transparency on white, as the runtime does (manifest input.alpha = 'white')."""
    if im.mode in ('RGBA', 'LA') or (im.mode == 'P' and 'transparency' in im.info):
        im = im.convert('RGBA')
        bg = Image.new('RGB', im.size, (255, 255, 255))
        bg.paste(im, mask=im.split()[-1])
        return bg
    return im.convert('RGB')


def center_square(im: Image.Image) -> Image.Image:
    w, h = im.size
    s = min(w, h)
    left, top = (w - s) // 2, (h - s) // 2
    return im.crop((left, top, left + s, top + s))


def jpeg_bytes(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=int(quality))
    return buf.getvalue()


def protocol_jpeg(im: Image.Image) -> bytes:
    """Evaluation protocol: center-crop square, resize to 236 px (lanczos3), JPEG quality 80."""
    sq = center_square(to_rgb(im))
    sq = sq.resize((PROTOCOL_SIZE, PROTOCOL_SIZE), Image.LANCZOS)
    return jpeg_bytes(sq, PROTOCOL_QUALITY)


def model_input(im: Image.Image, size: int = INPUT_SIZE) -> np.ndarray:
    """Runtime preprocessing: shorter side to `size` (bilinear), center crop, CHW float32 in [0,1]."""
    im = to_rgb(im)
    w, h = im.size
    s = size / min(w, h)
    nw, nh = max(size, round(w * s)), max(size, round(h * s))
    im = im.resize((nw, nh), Image.BILINEAR)
    left, top = (nw - size) // 2, (nh - size) // 2
    im = im.crop((left, top, left + size, top + size))
    return np.asarray(im, dtype=np.float32).transpose(2, 0, 1) / 255.0


def decode(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im
