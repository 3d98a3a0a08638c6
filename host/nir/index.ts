/**
 * NIR (the Neuromorphic Intermediate Representation, neuromorphs/NIR) files in spikegpu: read and
 * write them (HDF5 through h5wasm, in browsers and Node), describe them, and map them to and from
 * Simulator networks and Trainer networks. docs/nir.md states every mapping and what is lost.
 */
import { FileFormatError, InvalidParameterError } from '../errors.js';
import { elements, nirFromTree, nirToTree, NIR_MAX_NESTING, NIR_WRITE_VERSION, type NirDocument, type NirGraph, type NirNode } from './graph.js';
import { readHdf5, writeHdf5, type ReadBudget } from './hdf5.js';
import { flattenGraph, isNeuron } from './flat.js';
import { metadataDiscretisation, resolveDiscretisation, type NirImportOptions } from './to-network.js';

export { NIR_NODE_TYPES, NIR_FIELDS, NIR_WRITE_VERSION, NIR_MAX_NESTING, nirNode, nirGraph, tensor, scalar } from './graph.js';
export { HDF5_MAX_ELEMENTS, type ReadBudget } from './hdf5.js';
export type { NirDocument, NirGraph, NirNode, NirNodeType, NirParam, NirTensor, NirMetadata } from './graph.js';
export { nirToNetwork, NIR_IMPORT_MAX_ELEMENTS, resolveDiscretisation, metadataDiscretisation, NIR_DISCRETISATIONS, type NirImportOptions, type NirNetwork, type NirDiscretisation, type NirDiscretisationName } from './to-network.js';
export { networkToNir, type NirExportOptions, type NirExport } from './from-network.js';
export { trainerToNir, nirToTrainer, type NirTrainerImportOptions } from './trainer.js';
export { readNirGraphData, writeNirGraphData, spikesToNirData, type NirGraphData, type NirNodeData, type NirObservable, type NirEventData, type NirTimeGriddedData } from './data.js';

/**
 * Reads a NIR file (its bytes; `file` names it in errors): any format version, compressed or not.
 * `budget.maxElements` (default 2^28) bounds the numbers it may hold, checked from the declared
 * shapes before any dataset is read; graphs nest at most NIR_MAX_NESTING deep.
 */
export async function readNir(bytes: Uint8Array, file = 'NIR file', budget: ReadBudget = {}): Promise<NirDocument> {
  const doc = nirFromTree(await readHdf5(bytes, file, budget), file);
  flattenGraph(doc.graph, file); // names and shapes checked now, not at first use
  return doc;
}

/** Writes a NIR graph as NIR's HDF5 layout (version NIR_WRITE_VERSION, arrays gzip-compressed unless compress is false). */
export async function writeNir(graph: NirGraph, o: { compress?: boolean } = {}): Promise<Uint8Array> {
  const check = (g: NirGraph, at: string, depth: number): void => {
    if (depth > NIR_MAX_NESTING) throw new InvalidParameterError('NIR export', `graph ${at}`, `nested ${depth} deep`, `graphs nested at most ${NIR_MAX_NESTING} deep`);
    for (const [name, n] of g.nodes) {
      if (name === '' || name === '.' || name.includes('/')) {
        throw new InvalidParameterError('NIR export', `node name${at ? ` in ${at}` : ''}`, name, 'a non-empty name without "/" and other than "." (HDF5 group names cannot be these)');
      }
      if (n.type === 'NIRGraph') check(n, at ? `${at}.${name}` : name, depth + 1);
    }
  };
  check(graph, '', 0);
  flattenGraph(graph, 'NIR graph to write');
  return writeHdf5(nirToTree(graph, NIR_WRITE_VERSION), o);
}

export interface NirSummaryNode {
  /** Path of names ("." joined for nested graphs). */
  name: string;
  type: NirNode['type'];
  inShape: number[];
  outShape: number[];
}

/** What `spikegpu nir inspect` prints: version, nodes with shapes, edges, and the discretisation an import would use. */
export function describeNir(doc: NirDocument, o: Pick<NirImportOptions, 'dt' | 'discretisation'> & { file?: string }): {
  version: string; nodes: NirSummaryNode[]; edges: [string, string][]; neurons: number; synapticWeights: number; discretisation: string; resetNote: string | null;
} {
  const flat = flattenGraph(doc.graph, o.file ?? 'NIR file');
  const nodes = [...flat.nodes.values()].map((n) => ({ name: n.path.join('.'), type: n.node.type, inShape: n.inShape, outShape: n.outShape }));
  let weights = 0;
  for (const n of flat.nodes.values()) {
    const w = n.node.params.get('weight');
    if (w !== undefined && typeof w !== 'string') weights += w.data.length;
  }
  const d = resolveDiscretisation(o.discretisation ?? metadataDiscretisation(doc.graph));
  const noReset = [...flat.nodes.values()].filter((n) => ['LIF', 'CubaLIF', 'IF'].includes(n.node.type) && !n.node.params.has('v_reset'));
  return {
    version: doc.version ?? '(none: NIR 0.1)',
    nodes,
    edges: flat.edges.map(([a, b]) => [flat.nodes.get(a)!.path.join('.'), flat.nodes.get(b)!.path.join('.')]),
    neurons: [...flat.nodes.values()].filter((n) => isNeuron(n.node.type)).reduce((a, n) => a + elements(n.outShape), 0),
    synapticWeights: weights,
    discretisation: `${d.integrator} integration, ${d.input === 'impulse' ? 'spikes as unit impulses' : 'inputs held for one step'}, dt = ${o.dt} ms`,
    resetNote: noReset.length === 0 ? null
      : `${noReset.length} node(s) without v_reset (${noReset.slice(0, 4).map((n) => n.path.join('.')).join(', ')}): written before NIR 1.0.6; spikegpu subtracts the threshold unless told reset: 'to-v-reset'`,
  };
}

/** The node at a path (names of nested graphs first), for tests and tools. */
export function nirNodeAt(graph: NirGraph, path: string[]): NirNode | NirGraph {
  let g: NirNode | NirGraph = graph;
  for (const name of path) {
    const next: NirNode | NirGraph | undefined = g.type === 'NIRGraph' ? g.nodes.get(name) : undefined;
    if (next === undefined) throw new FileFormatError('NIR graph', path.join('.'), '', 'no such node', 'a path of node names');
    g = next;
  }
  return g;
}
