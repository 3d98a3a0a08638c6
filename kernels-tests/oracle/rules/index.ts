/** The oracle twins of the learning rules (host/learn/rules/), by rule name. */
import type { RuleTwin } from '../plastic';
import { stdpTwin } from './stdp';

export const RULE_TWINS: Record<string, RuleTwin> = { stdp: stdpTwin };
