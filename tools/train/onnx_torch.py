"""Runs an ONNX CNN graph (the converted nsfwjs MobileNetV2 or InceptionV3) as a trainable PyTorch module and writes
fine-tuned weights back into the same graph, so training and the shipped ONNX share one definition."""
from __future__ import annotations

import math

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper


def _attrs(node) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _safe(name: str) -> str:
    return ''.join(c if c.isalnum() else '_' for c in name)


def _same_upper_pad(size: int, k: int, s: int, d: int) -> tuple[int, int]:
    # ONNX SAME_UPPER == TF/Keras 'same': the extra pixel goes to the end (right/bottom).
    out = math.ceil(size / s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def _needed_nodes(graph, outputs: list[str]) -> list:
    producers = {o: n for n in graph.node for o in n.output}
    need, stack = set(), list(outputs)
    while stack:
        name = stack.pop()
        node = producers.get(name)
        if node is None or id(node) in need:
            continue
        need.add(id(node))
        stack.extend(node.input)
    return [n for n in graph.node if id(n) in need]  # ONNX nodes are topologically sorted


def _pool(op: str, x: torch.Tensor, a: dict) -> torch.Tensor:
    """MaxPool / AveragePool as the converter writes them for InceptionV3: 'valid' or SAME_UPPER padding,
    and a padded average that counts only real pixels (count_include_pad = 0, as Keras computes it)."""
    k, s = tuple(a['kernel_shape']), tuple(a.get('strides', [1, 1]))
    if a.get('auto_pad', b'NOTSET') in (b'SAME_UPPER', 'SAME_UPPER'):
        pt, pb = _same_upper_pad(x.shape[2], k[0], s[0], 1)
        pl, pr = _same_upper_pad(x.shape[3], k[1], s[1], 1)
    else:
        pt, pl, pb, pr = a.get('pads', [0, 0, 0, 0])
    pads = (pl, pr, pt, pb)
    if op == 'MaxPool':
        return F.max_pool2d(F.pad(x, pads, value=float('-inf')), k, s)
    total = F.avg_pool2d(F.pad(x, pads), k, s)
    if a.get('count_include_pad', 0):
        return total
    return total / F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), pads), k, s)


class OnnxNet(nn.Module):
    """The subgraph of `model` that computes `outputs`; Conv and BatchNormalization become torch layers
    whose parameters start from the ONNX initializers (BN keeps its running statistics)."""

    def __init__(self, model: onnx.ModelProto, outputs: list[str]):
        super().__init__()
        g = model.graph
        self.input_name = g.input[0].name
        self.outputs = outputs
        self.consts = {i.name: numpy_helper.to_array(i) for i in g.initializer}
        self.nodes = _needed_nodes(g, outputs)
        self.layers = nn.ModuleDict()
        self.plan = []  # (op, node, attrs, module key)
        for node in self.nodes:
            a = _attrs(node)
            key = _safe(node.name or node.output[0])
            op = node.op_type
            if op == 'Constant':
                self.consts[node.output[0]] = numpy_helper.to_array(a['value'])
            elif op == 'Conv':
                w = self.consts[node.input[1]]
                b = self.consts[node.input[2]] if len(node.input) > 2 and node.input[2] else None
                conv = nn.Conv2d(w.shape[1] * a.get('group', 1), w.shape[0], tuple(w.shape[2:]),
                                 stride=tuple(a.get('strides', [1, 1])), dilation=tuple(a.get('dilations', [1, 1])),
                                 groups=a.get('group', 1), bias=b is not None, padding=0)
                with torch.no_grad():
                    conv.weight.copy_(torch.from_numpy(w.copy()))
                    if b is not None:
                        conv.bias.copy_(torch.from_numpy(b.copy()))
                self.layers[key] = conv
            elif op == 'BatchNormalization':
                scale, bias, mean, var = (self.consts[n] for n in node.input[1:5])
                bn = nn.BatchNorm2d(scale.shape[0], eps=a.get('epsilon', 1e-5), momentum=0.01)
                with torch.no_grad():
                    bn.weight.copy_(torch.from_numpy(scale.copy()))
                    bn.bias.copy_(torch.from_numpy(bias.copy()))
                    bn.running_mean.copy_(torch.from_numpy(mean.copy()))
                    bn.running_var.copy_(torch.from_numpy(var.copy()))
                self.layers[key] = bn
            elif op == 'Gemm':
                wt = self.consts[node.input[1]]
                if a.get('transB', 0) == 0:
                    wt = wt.T
                lin = nn.Linear(wt.shape[1], wt.shape[0], bias=len(node.input) > 2)
                with torch.no_grad():
                    lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(wt) * a.get('alpha', 1.0)))
                    if len(node.input) > 2:
                        lin.bias.copy_(torch.from_numpy(self.consts[node.input[2]].reshape(-1) * a.get('beta', 1.0)))
                self.layers[key] = lin
            elif op not in ('Pad', 'Clip', 'Relu', 'Add', 'GlobalAveragePool', 'Flatten', 'Softmax', 'Identity',
                            'Concat', 'MaxPool', 'AveragePool'):
                raise ValueError(f'unsupported ONNX op {op} in node {node.name}')
            self.plan.append((op, node, a, key))

    def _tensor(self, env: dict, name: str, like: torch.Tensor):
        if name in env:
            return env[name]
        return torch.as_tensor(self.consts[name], device=like.device)

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        env = {self.input_name: x}
        for op, node, a, key in self.plan:
            ins = node.input
            if op == 'Constant':
                continue
            x0 = env[ins[0]]
            if op == 'Conv':
                conv = self.layers[key]
                if a.get('auto_pad', b'NOTSET') in (b'SAME_UPPER', 'SAME_UPPER'):
                    kh, kw = conv.kernel_size
                    pt, pb = _same_upper_pad(x0.shape[2], kh, conv.stride[0], conv.dilation[0])
                    pl, pr = _same_upper_pad(x0.shape[3], kw, conv.stride[1], conv.dilation[1])
                    x0 = F.pad(x0, (pl, pr, pt, pb))
                elif 'pads' in a and any(a['pads']):
                    t, l, b, r = a['pads']
                    x0 = F.pad(x0, (l, r, t, b))
                y = conv(x0)
            elif op == 'BatchNormalization':
                y = self.layers[key](x0)
            elif op == 'Pad':
                pads = [int(v) for v in (self.consts[ins[1]] if len(ins) > 1 else a['pads'])]
                n = len(pads) // 2
                torch_pads = []
                for axis in reversed(range(n)):
                    torch_pads += [pads[axis], pads[axis + n]]
                y = F.pad(x0, tuple(torch_pads))
            elif op == 'Clip':
                lo = float(self.consts[ins[1]]) if len(ins) > 1 and ins[1] else a.get('min')
                hi = float(self.consts[ins[2]]) if len(ins) > 2 and ins[2] else a.get('max')
                y = torch.clamp(x0, lo, hi)
            elif op == 'Relu':
                y = F.relu(x0)
            elif op == 'Add':
                y = x0 + self._tensor(env, ins[1], x0)
            elif op == 'GlobalAveragePool':
                y = x0.mean(dim=(2, 3), keepdim=True)
            elif op == 'Flatten':
                y = torch.flatten(x0, a.get('axis', 1))
            elif op == 'Gemm':
                y = self.layers[key](x0)
            elif op == 'Softmax':
                y = F.softmax(x0, dim=a.get('axis', -1))
            elif op == 'Concat':
                y = torch.cat([env[i] for i in ins], dim=a['axis'])
            elif op in ('MaxPool', 'AveragePool'):
                y = _pool(op, x0, a)
            else:  # Identity
                y = x0
            env[node.output[0]] = y
        return {o: env[o] for o in self.outputs}

    def write_back(self, model: onnx.ModelProto) -> None:
        """Copies the current Conv/BN/Gemm parameters into `model`'s initializers (same names)."""
        values = {}
        for op, node, a, key in self.plan:
            m = self.layers[key] if key in self.layers else None
            if op == 'Conv':
                values[node.input[1]] = m.weight.detach().cpu().numpy()
                if m.bias is not None:
                    values[node.input[2]] = m.bias.detach().cpu().numpy()
            elif op == 'BatchNormalization':
                for name, t in zip(node.input[1:5], (m.weight, m.bias, m.running_mean, m.running_var)):
                    values[name] = t.detach().cpu().numpy()
        for init in model.graph.initializer:
            if init.name in values:
                old = numpy_helper.to_array(init)
                new = values[init.name].astype(old.dtype).reshape(old.shape)
                init.CopyFrom(numpy_helper.from_array(new, init.name))


def keep_only(model: onnx.ModelProto, nodes: list) -> None:
    """Leaves in `model` only `nodes` (kept in graph order), e.g. an OnnxNet's subgraph."""
    names = {n.name for n in nodes}
    kept = [n for n in model.graph.node if n.name in names]
    del model.graph.node[:]
    model.graph.node.extend(kept)


def drop_unused_initializers(model: onnx.ModelProto) -> None:
    used = {i for n in model.graph.node for i in n.input}
    inits = [i for i in model.graph.initializer if i.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(inits)
