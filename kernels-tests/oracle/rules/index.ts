/** The oracle twins of the learning rules (host/learn/rules/), by rule name. */
import type { RuleTwin } from '../plastic';
import { mstdpTwin } from './mstdp';
import { mstdpetTwin } from './mstdpet';
import { rstdpTwin } from './rstdp';
import { stdpTwin } from './stdp';
import { tripletTwin } from './triplet';
import { tsodyksMarkramTwin } from './tsodyksMarkram';

export const RULE_TWINS: Record<string, RuleTwin> = {
  stdp: stdpTwin, triplet: tripletTwin, rstdp: rstdpTwin, mstdpet: mstdpetTwin, mstdp: mstdpTwin, tsodyksMarkram: tsodyksMarkramTwin,
};
