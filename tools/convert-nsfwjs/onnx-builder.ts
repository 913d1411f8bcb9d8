// Small deterministic ONNX graph builder on onnx-proto (protobufjs): initializers, nodes, I/O, bytes.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
/** number: INT, number[]: INTS, string: STRING, { f }: FLOAT, { floats }: FLOATS. */
export type AttrValue = number | number[] | string | { f: number } | { floats: number[] };

export const OPSET = 13;
// IR 7 is what opset 13 was released with; every onnxruntime since 1.6 reads it.
const IR_VERSION = 7;

/** A dimension: a fixed size or a symbolic name (e.g. "N" for the batch). */
export type Dim = number | string;

export interface BuiltModel {
  bytes: Uint8Array;
}

function floatBytes(data: Float32Array): Uint8Array {
  // Explicit little-endian so the bytes (and the sha256) do not depend on the host.
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return out;
}

function int64Bytes(data: readonly number[]): Uint8Array {
  const out = new Uint8Array(data.length * 8);
  const view = new DataView(out.buffer);
  data.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === 'object') {
    return 'f' in value ? { name, type: T.FLOAT, f: value.f } : { name, type: T.FLOATS, floats: value.floats };
  }
  if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer; pass { f } for floats`);
  return { name, type: T.INT, i: value };
}

function valueInfo(name: string, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Collects a graph in insertion order, so the same calls always give the same bytes. */
export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly initializerNames = new Set<string>();
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly nodeNames = new Set<string>();

  constructor(private readonly graphName: string) {}

  hasInitializer(name: string): boolean {
    return this.initializerNames.has(name);
  }

  addFloatInitializer(name: string, dims: number[], data: Float32Array): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (expected !== data.length) throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
    this.claimInitializerName(name);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: floatBytes(data) });
    return name;
  }

  addInt64Initializer(name: string, dims: number[], data: number[]): string {
    this.claimInitializerName(name);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.INT64, rawData: int64Bytes(data) });
    return name;
  }

  /** A float scalar shared by name (e.g. Clip bounds); added once. */
  scalar(name: string, value: number): string {
    if (!this.initializerNames.has(name)) this.addFloatInitializer(name, [], Float32Array.of(value));
    return name;
  }

  addNode(opType: string, name: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}): void {
    if (this.nodeNames.has(name)) throw new Error(`duplicate node name ${name}`);
    this.nodeNames.add(name);
    const attribute_ = Object.keys(attrs)
      .sort()
      .map((k) => attribute(k, attrs[k]!));
    this.nodes.push({ opType, name, input: inputs, output: outputs, attribute: attribute_ });
  }

  addInput(name: string, dims: Dim[]): void {
    this.inputs.push(valueInfo(name, dims));
  }

  addOutput(name: string, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, dims));
  }

  /** Serializes with fixed producer fields and the given metadata (sorted by key). */
  toBytes(metadata: Record<string, string> = {}, docString = ''): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'corkboard',
      producerVersion: '1',
      opsetImport: [{ domain: '', version: OPSET }],
      docString,
      metadataProps: Object.keys(metadata)
        .sort()
        .map((key) => ({ key, value: metadata[key]! })),
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private claimInitializerName(name: string): void {
    if (this.initializerNames.has(name)) throw new Error(`duplicate initializer ${name}`);
    this.initializerNames.add(name);
  }
}
