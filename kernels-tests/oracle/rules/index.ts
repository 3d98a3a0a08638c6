/** The oracle twins of the learning rules (host/learn/rules/), by rule name. */
import type { RuleTwin } from '../plastic';
import { stdpTwin } from './stdp';
import { tripletTwin } from './triplet';

export const RULE_TWINS: Record<string, RuleTwin> = { stdp: stdpTwin, triplet: tripletTwin };
