/**
 * CPU oracle for shaders/connect.wgsl.ts: host/random/rows.ts itself, plain TypeScript that draws
 * the same Philox words (structure: counter (column, row, stream, 0); weights 1; delays 2) with
 * integer selection and f32 uniform weights. This file states what the GPU rows must equal.
 */
import { connect, type RaggedRows } from '../../host/random/rows';
import type { ProjectionModel } from '../../host/model/network';

/** The synapses of row i as [post, weight, delay] triples (delay in steps). */
export function rowTriples(rows: RaggedRows, i: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let s = 0; s < (rows.rowLength[i] as number); s++) {
    const at = i * rows.maxRow + s;
    out.push([rows.ind[at] as number, rows.weight[at] as number, rows.delay ? (rows.delay[at] as number) : rows.constDelay]);
  }
  return out;
}

export function connectOracle(p: ProjectionModel, index: number, nPre: number, nPost: number, same: boolean, opts: { seed: number; dt: number; fractionBits: number; maxDelaySteps: number }): RaggedRows {
  return connect(p, index, nPre, nPost, same, opts);
}
