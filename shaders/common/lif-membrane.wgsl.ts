/**
 * The one definition of the leaky membrane, shared by lif, alif (and later the training kernels):
 *   tauMem dv/dt = (vRest - v) + rMem * I,
 * integrated exactly over a step with I held constant (as GeNN's LIF and Brian2's `exact` do):
 *   vInf = vRest + rMem * I;  v <- vInf + (v - vInf) * alphaMem,  alphaMem = exp(-dt / tauMem).
 * The oracle twin is lifMembrane in kernels-tests/oracle/lif.ts; products pass through noContract so
 * no compiler fuses them into the following add.
 */
import { NO_CONTRACT_WGSL } from './no-contract.wgsl.js';

export const LIF_MEMBRANE_WGSL = NO_CONTRACT_WGSL + /* wgsl */ `
fn lifMembrane(v: f32, vRest: f32, rMem: f32, current: f32, alphaMem: f32) -> f32 {
  let vInf = vRest + noContract(rMem * current);
  let dv = v - vInf;
  let decayed = noContract(dv * alphaMem);
  return vInf + decayed;
}
`;
