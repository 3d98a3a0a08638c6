/**
 * The learning rules, by name: what a projection's `synapse: { rule }` may name. Each rule is one
 * file here (parameters, validation, WGSL statements; the contract is host/learn/rule.ts) with its
 * oracle twin in kernels-tests/oracle/rules/ and its spec in kernels-tests/; a meta-test checks all three.
 */
import type { SynapseRule } from '../rule.js';
import { stdpRule } from './stdp.js';
import { tripletRule } from './triplet.js';
import { rstdpRule } from './rstdp.js';
import { mstdpetRule } from './mstdpet.js';
import { mstdpRule } from './mstdp.js';
import { tsodyksMarkramRule } from './tsodyksMarkram.js';

export const RULES: readonly SynapseRule[] = [stdpRule, tripletRule, rstdpRule, mstdpetRule, mstdpRule, tsodyksMarkramRule];

export function ruleNamed(name: string): SynapseRule | undefined {
  return RULES.find((r) => r.name === name);
}
