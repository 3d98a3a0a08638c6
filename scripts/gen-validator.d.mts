/** Types of scripts/gen-validator.mjs (used by the unit test that checks the generated validator). */
export const SCHEMA_PATH: string;
export const VALIDATOR_PATH: string;
export function validatorSource(schemaText: string): string;
