/** Models written as equations (docs/models.md): the public entry points. */
export { defineNeuronModel, isNeuronModel, type NeuronModel, type NeuronModelSpec, type EquationParams, type CompiledNeuronModel } from './neuron-model.js';
export { verifyNeuronModel, ulpDistance, type VerifyOptions, type VerifyReport } from './verify.js';
export { EquationOracle } from './oracle.js';
export { EquationError } from './errors.js';
export { INTEGRATION_METHODS, type IntegrationMethod } from './check.js';
export { UNITS } from './units.js';
export { FUNCTIONS } from './ast.js';
export { EQUATION_LIBRARY, type EquationLibraryName } from './library/index.js';
export { defineSynapseRule, isSynapseEquationRule, type SynapseEquationRule, type SynapseRuleSpec, type CompiledSynapseRule } from './synapse-rule.js';
export { EQUATION_RULES, type EquationRuleName } from './library/rules.js';
