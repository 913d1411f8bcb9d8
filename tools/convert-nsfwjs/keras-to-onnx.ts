// Walks a Keras functional topology (TF.js layers JSON, channels_last) and emits an NCHW ONNX graph
// plus a per-layer description for re-implementing the same network elsewhere (PyTorch).
import type { KerasLayer, Tensor, TfjsLayersModel } from './tfjs-weights.js';
import { GraphBuilder, OPSET } from './onnx-builder.js';

/** Shape of one sample, NCHW without the batch: [C, H, W], or [F] once flattened. */
type Shape = number[];

export interface LayerDescription {
  name: string;
  type: string;
  inbound: string[];
  /** ONNX tensor holding this layer's output. */
  onnx_output: string;
  input_shape: Shape[];
  output_shape: Shape;
  /** Keras parameter -> ONNX initializer name (already in the ONNX layout, see weight_layouts). */
  weights?: Record<string, string>;
  kernel_size?: number[];
  strides?: number[];
  dilation?: number[];
  /** Keras padding mode; TF "same" pads the extra row/column at the bottom/right. */
  padding?: 'same' | 'valid';
  /** Explicit zero padding [top, left, bottom, right] that reproduces `padding` at this input size. */
  pads?: number[];
  /** ZeroPadding2D amounts as Keras writes them: [[top, bottom], [left, right]]. */
  zero_padding?: [[number, number], [number, number]];
  filters?: number;
  units?: number;
  depth_multiplier?: number;
  groups?: number;
  use_bias?: boolean;
  activation?: string;
  max_value?: number | null;
  epsilon?: number;
  pool?: 'avg' | 'max' | 'global_avg';
  axis?: number;
}

export interface GraphDescription {
  format: 'corkboard-keras-graph/1';
  source: string;
  input: { name: string; layout: 'NCHW'; shape: (number | string)[]; range: [number, number]; color: 'RGB' };
  outputs: { features: { name: string; layer: string; dim: number }; head: { name: string; layer: string; labels: string[] } };
  opset: number;
  weight_layouts: Record<string, string>;
  layers: LayerDescription[];
}

export interface ConvertOptions {
  source: string;
  headLabels: string[];
}

const WEIGHT_LAYOUTS = {
  'Conv2D kernel': 'OIHW (Keras HWIO transposed); PyTorch Conv2d.weight as is',
  'DepthwiseConv2D depthwise_kernel':
    'OIHW with O = C*multiplier, I = 1, group = C (Keras [kh,kw,C,m]); PyTorch Conv2d(groups=C).weight as is',
  'Dense kernel': '[in, out] as Keras (ONNX Gemm transB=0); PyTorch Linear.weight is its transpose',
  'BatchNormalization': 'gamma, beta, moving_mean, moving_variance, [C] each; y = gamma*(x-mean)/sqrt(var+epsilon)+beta',
};

const pair = (v: unknown, what: string): [number, number] => {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0] as number, v[1] as number];
  throw new Error(`${what}: expected a number pair, got ${JSON.stringify(v)}`);
};

function transposeHwioToOihw(t: Tensor): Tensor {
  const [kh, kw, ci, co] = t.shape as [number, number, number, number];
  const out = new Float32Array(t.data.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + h) * kw + w] = t.data[((h * kw + w) * ci + i) * co + o]!;
  return { shape: [co, ci, kh, kw], data: out };
}

function depthwiseToOihw(t: Tensor): Tensor {
  // Keras [kh, kw, C, m]: output channel c*m + j reads input channel c with kernel [.., c, j].
  const [kh, kw, c, m] = t.shape as [number, number, number, number];
  const out = new Float32Array(t.data.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let ch = 0; ch < c; ch++)
        for (let j = 0; j < m; j++) out[(ch * m + j) * kh * kw + h * kw + w] = t.data[((h * kw + w) * c + ch) * m + j]!;
  return { shape: [c * m, 1, kh, kw], data: out };
}

/** Output size and TF-style explicit pads for one spatial axis. */
function window1d(size: number, k: number, s: number, d: number, padding: 'same' | 'valid') {
  const dk = (k - 1) * d + 1;
  if (padding === 'valid') {
    if (size < dk) throw new Error(`window ${dk} larger than input ${size}`);
    return { out: Math.floor((size - dk) / s) + 1, before: 0, after: 0 };
  }
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + dk - size, 0);
  return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
}

/** Keras ZeroPadding2D forms: n, [h, w] (symmetric), or [[top, bottom], [left, right]]. */
function zeroPadding(p: unknown, layer: string): [[number, number], [number, number]] {
  if (typeof p === 'number') return [[p, p], [p, p]];
  if (Array.isArray(p) && p.length === 2) {
    if (typeof p[0] === 'number' && typeof p[1] === 'number') return [[p[0], p[0]], [p[1], p[1]]];
    return [pair(p[0], `${layer}.padding`), pair(p[1], `${layer}.padding`)];
  }
  throw new Error(`layer ${layer}: padding ${JSON.stringify(p)} not supported`);
}

const asPadding = (v: unknown, layer: string): 'same' | 'valid' => {
  if (v === 'same' || v === 'valid') return v;
  throw new Error(`layer ${layer}: padding ${JSON.stringify(v)} not supported`);
};

/** The layer whose output feeds the first Dense layer, looking through Dropout: the "features". */
function findFeatureLayer(layers: KerasLayer[]): string {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const dense = layers.find((l) => l.class_name === 'Dense');
  if (!dense) throw new Error('model has no Dense layer, cannot tell where the features are');
  let name = dense.inbound_nodes[0]![0]![0];
  while (byName.get(name)?.class_name === 'Dropout') name = byName.get(name)!.inbound_nodes[0]![0]![0];
  return name;
}

export function kerasToOnnx(
  model: TfjsLayersModel,
  weights: Map<string, Tensor>,
  opts: ConvertOptions,
): { bytes: Uint8Array; description: GraphDescription } {
  const cfg = model.modelTopology.model_config;
  if (cfg.class_name !== 'Model' && cfg.class_name !== 'Functional') throw new Error(`not a functional model: ${cfg.class_name}`);
  const layers = cfg.config.layers;
  if (cfg.config.input_layers.length !== 1 || cfg.config.output_layers.length !== 1) throw new Error('expected one input and one output');
  const headLayer = cfg.config.output_layers[0]![0];
  const featureLayer = findFeatureLayer(layers);
  const tensorName = (layer: string) => (layer === headLayer ? 'head' : layer === featureLayer ? 'features' : layer);

  const g = new GraphBuilder('nsfwjs');
  const tensors = new Map<string, string>(); // layer -> ONNX tensor
  const shapes = new Map<string, Shape>();
  const usedWeights = new Set<string>();
  const described: LayerDescription[] = [];
  let inputShape: Shape | undefined;

  const weight = (layer: string, param: string): Tensor => {
    const key = `${layer}/${param}`;
    const t = weights.get(key);
    if (!t) throw new Error(`layer ${layer}: weight ${key} missing`);
    usedWeights.add(key);
    return t;
  };
  const optionalWeight = (layer: string, param: string) => (weights.has(`${layer}/${param}`) ? weight(layer, param) : undefined);

  /** Adds the Keras activation after `pre`; returns the tensor name holding the activated output. */
  const activate = (layer: string, pre: string, out: string, act: unknown, rank: number): void => {
    switch (act ?? 'linear') {
      case 'linear':
        g.addNode('Identity', `${layer}/identity`, [pre], [out]);
        return;
      case 'relu':
        g.addNode('Relu', `${layer}/relu`, [pre], [out]);
        return;
      case 'relu6':
        g.addNode('Clip', `${layer}/relu6`, [pre, g.scalar('const/zero', 0), g.scalar('const/six', 6)], [out]);
        return;
      case 'sigmoid':
        g.addNode('Sigmoid', `${layer}/sigmoid`, [pre], [out]);
        return;
      case 'tanh':
        g.addNode('Tanh', `${layer}/tanh`, [pre], [out]);
        return;
      case 'softmax':
        // Keras softmax is over the last (channel) axis, which is axis 1 in NCHW and for [N, F].
        if (rank !== 2 && rank !== 4) throw new Error(`layer ${layer}: softmax on rank ${rank}`);
        g.addNode('Softmax', `${layer}/softmax`, [pre], [out], { axis: 1 });
        return;
      default:
        throw new Error(`layer ${layer}: activation ${String(act)} not supported`);
    }
  };
  /** Name for the raw op output: the layer's tensor directly when there is no activation. */
  const preName = (layer: string, act: unknown) => ((act ?? 'linear') === 'linear' ? tensorName(layer) : `${layer}/preact`);
  const emitWithActivation = (layer: string, act: unknown, rank: number, emit: (out: string) => void) => {
    const pre = preName(layer, act);
    emit(pre);
    if (pre !== tensorName(layer)) activate(layer, pre, tensorName(layer), act, rank);
  };

  for (const layer of layers) {
    const c = layer.config;
    const inbound = (layer.inbound_nodes[0] ?? []).map((n) => n[0]);
    if (layer.inbound_nodes.length > 1) throw new Error(`layer ${layer.name} is shared; not supported`);
    const ins = inbound.map((n) => {
      const t = tensors.get(n);
      if (!t) throw new Error(`layer ${layer.name}: inbound ${n} not yet defined`);
      return t;
    });
    const inShapes = inbound.map((n) => shapes.get(n)!);
    const x = ins[0]!;
    const xs = inShapes[0]!;
    const desc: LayerDescription = {
      name: layer.name,
      type: layer.class_name,
      inbound,
      onnx_output: tensorName(layer.name),
      input_shape: inShapes,
      output_shape: [],
    };
    let outShape: Shape;
    const out = tensorName(layer.name);

    switch (layer.class_name) {
      case 'InputLayer': {
        const bis = c.batch_input_shape as (number | null)[];
        if (bis.length !== 4 || bis[3] !== 3) throw new Error(`input ${layer.name}: expected [N, H, W, 3]`);
        outShape = [3, bis[1]!, bis[2]!];
        inputShape = outShape;
        g.addInput('input', ['N', ...outShape]);
        tensors.set(layer.name, 'input');
        desc.onnx_output = 'input';
        desc.output_shape = outShape;
        described.push(desc);
        shapes.set(layer.name, outShape);
        continue;
      }
      case 'ZeroPadding2D': {
        const [[t, b], [l, r]] = zeroPadding(c.padding, layer.name);
        const pads = g.addInt64Initializer(`${layer.name}/pads`, [8], [0, 0, t, l, 0, 0, b, r]);
        g.addNode('Pad', layer.name, [x, pads], [out], { mode: 'constant' });
        outShape = [xs[0]!, xs[1]! + t + b, xs[2]! + l + r];
        Object.assign(desc, { zero_padding: [[t, b], [l, r]], pads: [t, l, b, r] });
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const depthwise = layer.class_name === 'DepthwiseConv2D';
        if (c.data_format && c.data_format !== 'channels_last') throw new Error(`layer ${layer.name}: data_format ${c.data_format}`);
        if (c.groups !== undefined && c.groups !== 1) throw new Error(`layer ${layer.name}: grouped Conv2D not supported`);
        const [kh, kw] = pair(c.kernel_size, `${layer.name}.kernel_size`);
        const [sh, sw] = pair(c.strides ?? 1, `${layer.name}.strides`);
        const [dh, dw] = pair(c.dilation_rate ?? 1, `${layer.name}.dilation_rate`);
        const padding = asPadding(c.padding, layer.name);
        const kernelParam = depthwise ? 'depthwise_kernel' : 'kernel';
        const k = weight(layer.name, kernelParam);
        const oihw = depthwise ? depthwiseToOihw(k) : transposeHwioToOihw(k);
        const inC = xs[0]!;
        if (k.shape[2] !== inC) throw new Error(`layer ${layer.name}: kernel expects ${k.shape[2]} channels, input has ${inC}`);
        const wName = g.addFloatInitializer(`${layer.name}/${kernelParam}`, oihw.shape, oihw.data);
        const inputs = [x, wName];
        const weightsDesc: Record<string, string> = { [kernelParam]: wName };
        if (c.use_bias) {
          const b = weight(layer.name, 'bias');
          inputs.push(g.addFloatInitializer(`${layer.name}/bias`, b.shape, b.data));
          weightsDesc.bias = `${layer.name}/bias`;
        }
        const v = window1d(xs[1]!, kh, sh, dh, padding);
        const h = window1d(xs[2]!, kw, sw, dw, padding);
        const attrs: Record<string, number | number[] | string> = {
          kernel_shape: [kh, kw],
          strides: [sh, sw],
          dilations: [dh, dw],
          group: depthwise ? inC : 1,
        };
        // TF "same" puts the odd extra pad at the end, which is ONNX SAME_UPPER.
        if (padding === 'same') attrs.auto_pad = 'SAME_UPPER';
        emitWithActivation(layer.name, c.activation, 4, (o) => g.addNode('Conv', layer.name, inputs, [o], attrs));
        outShape = [oihw.shape[0]!, v.out, h.out];
        Object.assign(desc, {
          weights: weightsDesc,
          kernel_size: [kh, kw],
          strides: [sh, sw],
          dilation: [dh, dw],
          padding,
          pads: [v.before, h.before, v.after, h.after],
          groups: attrs.group,
          use_bias: Boolean(c.use_bias),
          activation: (c.activation as string) ?? 'linear',
          ...(depthwise ? { depth_multiplier: (c.depth_multiplier as number) ?? 1 } : { filters: c.filters as number }),
        });
        break;
      }
      case 'BatchNormalization': {
        const axis = c.axis as number | number[];
        const ax = Array.isArray(axis) ? axis[0] : axis;
        if (!(ax === -1 || ax === xs.length)) throw new Error(`layer ${layer.name}: BN axis ${JSON.stringify(axis)} not the channel axis`);
        const ch = xs[0]!;
        const get = (param: string, fill: number) => {
          const t = optionalWeight(layer.name, param);
          if (t && t.data.length !== ch) throw new Error(`layer ${layer.name}: ${param} has ${t.data.length} values, ${ch} channels`);
          return g.addFloatInitializer(`${layer.name}/${param}`, [ch], t?.data ?? new Float32Array(ch).fill(fill));
        };
        if (c.scale !== false && !weights.has(`${layer.name}/gamma`)) throw new Error(`layer ${layer.name}: gamma missing`);
        if (c.center !== false && !weights.has(`${layer.name}/beta`)) throw new Error(`layer ${layer.name}: beta missing`);
        const names = [get('gamma', 1), get('beta', 0), get('moving_mean', 0), get('moving_variance', 1)];
        if (!weights.has(`${layer.name}/moving_mean`) || !weights.has(`${layer.name}/moving_variance`)) {
          throw new Error(`layer ${layer.name}: moving statistics missing`);
        }
        const epsilon = c.epsilon as number;
        g.addNode('BatchNormalization', layer.name, [x, ...names], [out], { epsilon: { f: epsilon } });
        outShape = xs;
        Object.assign(desc, {
          weights: { gamma: names[0]!, beta: names[1]!, moving_mean: names[2]!, moving_variance: names[3]! },
          epsilon,
          // scale:false/center:false layers get a stored gamma of 1 / beta of 0, so loading stays uniform.
        });
        break;
      }
      case 'ReLU': {
        const maxValue = (c.max_value as number | null | undefined) ?? null;
        if ((c.negative_slope ?? 0) !== 0 || (c.threshold ?? 0) !== 0) throw new Error(`layer ${layer.name}: leaky/thresholded ReLU not supported`);
        if (maxValue === null) g.addNode('Relu', layer.name, [x], [out]);
        else g.addNode('Clip', layer.name, [x, g.scalar('const/zero', 0), g.scalar(`const/max_${maxValue}`, maxValue)], [out]);
        outShape = xs;
        Object.assign(desc, { activation: 'relu', max_value: maxValue });
        break;
      }
      case 'Activation': {
        activate(layer.name, x, out, c.activation, xs.length + 1);
        outShape = xs;
        desc.activation = c.activation as string;
        break;
      }
      case 'Add': {
        if (ins.length < 2) throw new Error(`layer ${layer.name}: Add needs two inputs`);
        if (inShapes.some((s) => s.join() !== xs.join())) throw new Error(`layer ${layer.name}: Add of different shapes`);
        let acc = ins[0]!;
        for (let i = 1; i < ins.length; i++) {
          const o = i === ins.length - 1 ? out : `${layer.name}/sum${i}`;
          g.addNode('Add', i === 1 ? layer.name : `${layer.name}/add${i}`, [acc, ins[i]!], [o]);
          acc = o;
        }
        outShape = xs;
        break;
      }
      case 'Concatenate': {
        const ax = c.axis as number;
        if (!(ax === -1 || ax === xs.length)) throw new Error(`layer ${layer.name}: concat axis ${ax} not the channel axis`);
        g.addNode('Concat', layer.name, ins, [out], { axis: 1 });
        outShape = [inShapes.reduce((s, sh) => s + sh[0]!, 0), ...xs.slice(1)];
        desc.axis = ax;
        break;
      }
      case 'AveragePooling2D':
      case 'MaxPooling2D': {
        const avg = layer.class_name === 'AveragePooling2D';
        const [ph, pw] = pair(c.pool_size, `${layer.name}.pool_size`);
        const [sh, sw] = pair(c.strides ?? c.pool_size, `${layer.name}.strides`);
        const padding = asPadding(c.padding, layer.name);
        const v = window1d(xs[1]!, ph, sh, 1, padding);
        const h = window1d(xs[2]!, pw, sw, 1, padding);
        if (avg && padding === 'valid' && ph === xs[1] && pw === xs[2]) {
          // A pool over the whole map is a global average; lets other input sizes work too.
          g.addNode('GlobalAveragePool', layer.name, [x], [out]);
          desc.pool = 'global_avg';
        } else {
          const attrs: Record<string, number | number[] | string> = { kernel_shape: [ph, pw], strides: [sh, sw] };
          if (padding === 'same') attrs.auto_pad = 'SAME_UPPER';
          // TF averages over the valid (unpadded) cells only.
          if (avg) attrs.count_include_pad = 0;
          g.addNode(avg ? 'AveragePool' : 'MaxPool', layer.name, [x], [out], attrs);
          desc.pool = avg ? 'avg' : 'max';
        }
        outShape = [xs[0]!, v.out, h.out];
        Object.assign(desc, { kernel_size: [ph, pw], strides: [sh, sw], padding, pads: [v.before, h.before, v.after, h.after] });
        break;
      }
      case 'GlobalAveragePooling2D': {
        g.addNode('GlobalAveragePool', `${layer.name}/pool`, [x], [`${layer.name}/pooled`]);
        g.addNode('Flatten', layer.name, [`${layer.name}/pooled`], [out], { axis: 1 });
        outShape = [xs[0]!];
        desc.pool = 'global_avg';
        break;
      }
      case 'Flatten': {
        if (xs.length === 1) {
          g.addNode('Identity', layer.name, [x], [out]);
          outShape = xs;
        } else {
          let src = x;
          if (xs.slice(1).some((d) => d !== 1)) {
            // Keras flattens channels-last; match its element order.
            g.addNode('Transpose', `${layer.name}/to_nhwc`, [x], [`${layer.name}/nhwc`], { perm: [0, 2, 3, 1] });
            src = `${layer.name}/nhwc`;
          }
          g.addNode('Flatten', layer.name, [src], [out], { axis: 1 });
          outShape = [xs.reduce((a, b) => a * b, 1)];
        }
        break;
      }
      case 'Dense': {
        if (xs.length !== 1) throw new Error(`layer ${layer.name}: Dense on rank-${xs.length} input not supported`);
        const k = weight(layer.name, 'kernel');
        if (k.shape[0] !== xs[0]) throw new Error(`layer ${layer.name}: kernel expects ${k.shape[0]} inputs, got ${xs[0]}`);
        const inputs = [x, g.addFloatInitializer(`${layer.name}/kernel`, k.shape, k.data)];
        const weightsDesc: Record<string, string> = { kernel: `${layer.name}/kernel` };
        if (c.use_bias) {
          const b = weight(layer.name, 'bias');
          inputs.push(g.addFloatInitializer(`${layer.name}/bias`, b.shape, b.data));
          weightsDesc.bias = `${layer.name}/bias`;
        }
        emitWithActivation(layer.name, c.activation, 2, (o) => g.addNode('Gemm', layer.name, inputs, [o]));
        outShape = [k.shape[1]!];
        Object.assign(desc, { weights: weightsDesc, units: c.units as number, use_bias: Boolean(c.use_bias), activation: (c.activation as string) ?? 'linear' });
        break;
      }
      case 'Dropout':
      case 'SpatialDropout2D': {
        // Inference-time identity: alias the input tensor, unless this layer is a named output.
        if (out === layer.name) {
          tensors.set(layer.name, x);
          shapes.set(layer.name, xs);
          desc.onnx_output = x;
          desc.output_shape = xs;
          described.push(desc);
          continue;
        }
        g.addNode('Identity', layer.name, [x], [out]);
        outShape = xs;
        break;
      }
      default:
        throw new Error(`layer ${layer.name}: ${layer.class_name} not supported`);
    }
    tensors.set(layer.name, out);
    shapes.set(layer.name, outShape);
    desc.output_shape = outShape;
    described.push(desc);
  }

  const unused = [...weights.keys()].filter((k) => !usedWeights.has(k));
  if (unused.length) throw new Error(`weights not used by any layer: ${unused.join(', ')}`);
  const featureShape = shapes.get(featureLayer)!;
  const headShape = shapes.get(headLayer)!;
  if (featureShape.length !== 1 || headShape.length !== 1) throw new Error('features and head must be flat');
  if (headShape[0] !== opts.headLabels.length) throw new Error(`head has ${headShape[0]} classes, ${opts.headLabels.length} labels given`);
  g.addOutput('features', ['N', featureShape[0]!]);
  g.addOutput('head', ['N', headShape[0]!]);

  const inShape = inputShape!;
  const bytes = g.toBytes(
    {
      source: opts.source,
      input: `float32 NCHW RGB [N,3,${inShape[1]},${inShape[2]}], values in [0,1] (pixel/255)`,
      features: `${featureShape[0]}-d, output of Keras layer ${featureLayer}`,
      head_labels: opts.headLabels.join(','),
    },
    'nsfwjs TF.js layers model converted to ONNX by corkboard tools/convert-nsfwjs',
  );
  return {
    bytes,
    description: {
      format: 'corkboard-keras-graph/1',
      source: opts.source,
      input: { name: 'input', layout: 'NCHW', shape: ['N', ...inShape], range: [0, 1], color: 'RGB' },
      outputs: {
        features: { name: 'features', layer: featureLayer, dim: featureShape[0]! },
        head: { name: 'head', layer: headLayer, labels: opts.headLabels },
      },
      opset: OPSET,
      weight_layouts: WEIGHT_LAYOUTS,
      layers: described,
    },
  };
}
