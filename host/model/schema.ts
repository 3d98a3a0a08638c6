/**
 * JSON Schema validation of network model files (host/model/network.schema.json, draft-07). The
 * validator is Ajv's standalone code, compiled ahead of time by scripts/gen-validator.mjs (a unit test
 * checks it matches the schema), so no JSON Schema library ships with the package. Errors name the JSON path of the offending
 * field. Semantic checks (names that must exist, ranges that depend on sizes or dt) follow in
 * validateNetwork.
 */
import { InvalidParameterError } from '../errors.js';
import schema from './network.schema.json' with { type: 'json' };
import type { NetworkModel } from './network.js';
import { validateNetworkJson as validate } from './network-validator.generated.js';

/** The published schema. */
export const NETWORK_SCHEMA = schema;

/** Throws InvalidParameterError with the JSON path (e.g. /projections/0/connectivity/p) when `data` breaks the schema. */
export function validateNetworkSchema(data: unknown, object = 'model file'): NetworkModel {
  if (validate(data)) return data as unknown as NetworkModel;
  // The deepest error says the most (it points at the field, not at a whole object); at equal depth a
  // specific complaint (missing or unknown property, range) beats "must be number" from another oneOf branch.
  const vague = (k: string) => (k === 'type' || k === 'oneOf' || k === 'anyOf' || k === 'const' ? 1 : 0);
  const e = [...(validate.errors ?? [])].sort((a, b) =>
    b.instancePath.split('/').length - a.instancePath.split('/').length || vague(a.keyword) - vague(b.keyword))[0];
  const path = e?.instancePath || '(root)';
  const at = path.split('/').slice(1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
  const extra = e?.keyword === 'additionalProperties' ? ` (unknown field ${JSON.stringify((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
  throw new InvalidParameterError(object, path, at, `a value that satisfies the schema (${e?.message ?? 'a valid network model'}${extra}; the schema is spikegpu/schema.json)`);
}
