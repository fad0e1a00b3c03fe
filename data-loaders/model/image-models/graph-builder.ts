/**
 * Collects the nodes and initializers of an ONNX graph as it is assembled, naming each value once
 * and in order, so that the same calls always give the same graph (and the same bytes).
 */
import type { AttributeValue, GraphNode, Initializer } from "../write-onnx.ts";

export type Attributes = Readonly<Record<string, AttributeValue>>;

export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly initializers: Initializer[] = [];
  private readonly names = new Set<string>();

  /** Adds one node with one output, named `name` (made unique), and returns that name. */
  op(opType: string, inputs: readonly string[], name: string, attributes?: Attributes): string {
    return this.opMany(opType, inputs, [name], attributes)[0];
  }

  /** Adds a node whose output is a graph output and must keep exactly the given name. */
  output(opType: string, inputs: readonly string[], name: string, attributes?: Attributes): void {
    if (this.op(opType, inputs, name, attributes) !== name) {
      throw new RangeError(`the graph already has a value "${name}"`);
    }
  }

  /** Adds one node with several outputs and returns their names, in order. */
  opMany(
    opType: string,
    inputs: readonly string[],
    names: readonly string[],
    attributes?: Attributes,
  ): string[] {
    const outputs = names.map((n) => this.fresh(n));
    const node: GraphNode = { opType, inputs, outputs, name: `${outputs[0]}_node` };
    this.nodes.push(attributes === undefined ? node : { ...node, attributes });
    return outputs;
  }

  /** A float32 constant. */
  floats(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const unique = this.fresh(name);
    const initializer = { name: unique, dims, values: Array.from(values) };
    this.initializers.push({ ...initializer, elementType: "float" });
    return unique;
  }

  /** A one-dimensional int64 constant (shapes, axes, slice bounds). */
  ints(name: string, values: readonly number[]): string {
    const unique = this.fresh(name);
    this.initializers.push({ name: unique, elementType: "int64", dims: [values.length], values });
    return unique;
  }

  /** Reserves a name the caller chose (a graph input or output); refuses a repeat. */
  reserve(name: string): string {
    if (this.names.has(name)) throw new RangeError(`the graph already has a value "${name}"`);
    this.names.add(name);
    return name;
  }

  private fresh(name: string): string {
    let candidate = name;
    for (let i = 2; this.names.has(candidate); i++) candidate = `${name}_${i}`;
    this.names.add(candidate);
    return candidate;
  }
}

/** Integer attributes, for kernel shapes, pads, strides and axes. */
export const ints = (value: readonly number[]): AttributeValue => ({ type: "ints", value });
export const int = (value: number): AttributeValue => ({ type: "int", value });
export const float = (value: number): AttributeValue => ({ type: "float", value });
