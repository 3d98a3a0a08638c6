/**
 * The learning rules, by name: what a projection's `synapse: { rule }` may name. Each rule is one
 * file here (parameters, validation, WGSL statements; the contract is host/learn/rule.ts) with its
 * oracle twin in kernels-tests/oracle/rules/ and its spec in kernels-tests/; a meta-test checks all three.
 */
import type { SynapseRule } from '../rule';
import { stdpRule } from './stdp';
import { tripletRule } from './triplet';
import { rstdpRule } from './rstdp';
import { mstdpetRule } from './mstdpet';
import { mstdpRule } from './mstdp';
import { tsodyksMarkramRule } from './tsodyksMarkram';

export const RULES: readonly SynapseRule[] = [stdpRule, tripletRule, rstdpRule, mstdpetRule, mstdpRule, tsodyksMarkramRule];

export function ruleNamed(name: string): SynapseRule | undefined {
  return RULES.find((r) => r.name === name);
}
