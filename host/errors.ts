/**
 * The SpikeGpuError family. Every error names what failed and says how to fix it, so a user
 * can act on the message alone. All are plain `Error` subclasses and can be told apart with
 * `instanceof` or by their `code`.
 */

export type SpikeGpuErrorCode =
  | 'INVALID_PARAMETER'
  | 'WEBGPU_UNAVAILABLE'
  | 'DEVICE_LOST'
  | 'GPU_VALIDATION'
  | 'GPU_OUT_OF_MEMORY'
  | 'SHADER_COMPILATION'
  | 'LIMIT_EXCEEDED'
  | 'DESTROYED'
  | 'FIXED_POINT_OVERFLOW'
  | 'NON_FINITE_STATE'
  | 'NON_FINITE_GRADIENT'
  | 'TRAINING_DIVERGED'
  | 'NON_FINITE_WEIGHT'
  | 'LEARNING_DIVERGED'
  | 'INVALID_FILE'
  | 'MISSING_DEPENDENCY';

/**
 * Each code's class name, as literal strings: a minifier renames classes (`new.target.name` would be
 * "f" in a minified app), so `error.name` comes from here.
 */
export const ERROR_NAMES: Readonly<Record<SpikeGpuErrorCode, string>> = {
  INVALID_PARAMETER: 'InvalidParameterError',
  WEBGPU_UNAVAILABLE: 'WebGpuUnavailableError',
  DEVICE_LOST: 'DeviceLostError',
  GPU_VALIDATION: 'GpuValidationError',
  GPU_OUT_OF_MEMORY: 'GpuOutOfMemoryError',
  SHADER_COMPILATION: 'ShaderCompilationError',
  LIMIT_EXCEEDED: 'LimitExceededError',
  DESTROYED: 'DestroyedError',
  FIXED_POINT_OVERFLOW: 'FixedPointOverflowError',
  NON_FINITE_STATE: 'NonFiniteStateError',
  NON_FINITE_GRADIENT: 'NonFiniteGradientError',
  TRAINING_DIVERGED: 'TrainingDivergedError',
  NON_FINITE_WEIGHT: 'NonFiniteWeightError',
  LEARNING_DIVERGED: 'LearningDivergedError',
  INVALID_FILE: 'FileFormatError',
  MISSING_DEPENDENCY: 'MissingDependencyError',
};

export class SpikeGpuError extends Error {
  readonly code: SpikeGpuErrorCode;
  constructor(code: SpikeGpuErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = ERROR_NAMES[code];
    this.code = code;
  }
}

/** Formats a value for an error message: arrays by length, numbers as written. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * A user-supplied argument was out of range, of the wrong type or shape.
 * `object` is the thing being configured (e.g. "lif population 'exc'"), `field` the parameter.
 */
export class InvalidParameterError extends SpikeGpuError {
  readonly object: string;
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  constructor(object: string, field: string, value: unknown, allowed: string, hint?: string) {
    super(
      'INVALID_PARAMETER',
      `${object}: ${field} = ${describeValue(value)} is not allowed; expected ${allowed}.` +
        (hint ? ` ${hint}` : ''),
    );
    this.object = object;
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

/** No WebGPU implementation could be found or no adapter was returned. */
export class WebGpuUnavailableError extends SpikeGpuError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WEBGPU_UNAVAILABLE', message, options);
  }
}

/** The GPUDevice was lost (driver reset, destroy(), tab backgrounded too long...). */
export class DeviceLostError extends SpikeGpuError {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super('DEVICE_LOST', `GPU device lost (${reason}): ${message || 'no message'}. ` +
      'All GPU state of this device is gone; acquire a new device and rebuild (or restore a checkpoint).');
    this.reason = reason;
  }
}

/** A WebGPU validation error, attributed to the kernel (or operation) that raised it. */
export class GpuValidationError extends SpikeGpuError {
  readonly kernel: string;
  constructor(kernel: string, message: string) {
    super('GPU_VALIDATION', `GPU validation error in ${kernel}: ${message}`);
    this.kernel = kernel;
  }
}

export class GpuOutOfMemoryError extends SpikeGpuError {
  readonly kernel: string;
  constructor(kernel: string, message: string) {
    super('GPU_OUT_OF_MEMORY', `GPU out of memory in ${kernel}: ${message}. Reduce the population size or batch.`);
    this.kernel = kernel;
  }
}

export interface ShaderMessage {
  type: string;
  lineNum: number;
  linePos: number;
  message: string;
  /** The offending source line, when known. */
  line?: string;
}

/** WGSL failed to compile; carries the messages with line numbers and the kernel's name. */
export class ShaderCompilationError extends SpikeGpuError {
  readonly kernel: string;
  readonly messages: readonly ShaderMessage[];
  constructor(kernel: string, messages: readonly ShaderMessage[], fallback?: string) {
    const body = messages.length
      ? messages
          .map((m) => `  ${kernel}.wgsl:${m.lineNum}:${m.linePos} ${m.type}: ${m.message}` +
            (m.line !== undefined ? `\n    | ${m.line}` : ''))
          .join('\n')
      : `  ${fallback ?? 'no compiler messages'}`;
    super('SHADER_COMPILATION', `WGSL compilation failed for kernel '${kernel}':\n${body}`);
    this.kernel = kernel;
    this.messages = messages;
  }
}

/**
 * A requested size exceeds a limit: of the device (buffer size, workgroups, bindings; the default
 * `by`) or of the library (host memory of a recording, the u32 step counter).
 */
export class LimitExceededError extends SpikeGpuError {
  readonly object: string;
  readonly field: string;
  readonly needed: number;
  readonly limit: number;
  constructor(object: string, field: string, needed: number, limit: number, hint: string, by = 'the device allows') {
    super('LIMIT_EXCEEDED', `${object}: ${field} needs ${needed} but ${by} at most ${limit}. ${hint}`);
    this.object = object;
    this.field = field;
    this.needed = needed;
    this.limit = limit;
  }
}

/** An object was used after destroy(). */
export class DestroyedError extends SpikeGpuError {
  constructor(object: string) {
    super('DESTROYED', `${object} was used after destroy(); create a new one.`);
  }
}

/** A projection's fixed-point accumulation wrapped around the i32 range during a run. */
export class FixedPointOverflowError extends SpikeGpuError {
  readonly projections: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
  constructor(projections: readonly string[], fromStep: number, toStep: number, counts: Readonly<Record<string, number>>) {
    super('FIXED_POINT_OVERFLOW', `Synaptic input overflowed the i32 fixed-point accumulator in projection(s) ${projections.map((p) => `'${p}'`).join(', ')} ` +
      `between steps ${fromStep} and ${toStep} (wrapped partial sums: ${projections.map((p) => `${p} ${counts[p]}`).join(', ')}). ` +
      'The affected inputs are wrong. Lower the Simulator option inputFractionBits (more range, less resolution) or the weights.');
    this.projections = projections;
    this.counts = counts;
  }
}

/** A neuron's membrane potential became Inf or NaN during a run. */
export class NonFiniteStateError extends SpikeGpuError {
  constructor(readonly population: string, readonly neuron: number, readonly instance: number, readonly step: number, checkedAt: number) {
    super('NON_FINITE_STATE', `Population '${population}': v of neuron ${neuron} (instance ${instance}) became Inf or NaN at step ${step} ` +
      `(detected at step ${checkedAt}). Check its parameters and inputs (e.g. a huge input current or an Izhikevich blow-up with too large dt).`);
  }
}

/** Training produced an Inf or NaN gradient; the update was skipped, so the weights are the last good ones. */
export class NonFiniteGradientError extends SpikeGpuError {
  constructor(readonly tensor: string, readonly step: number, readonly epoch: number) {
    super('NON_FINITE_GRADIENT', `The gradient of '${tensor}' became Inf or NaN at update ${step} (epoch ${epoch}); training stopped and ` +
      'the weights are those before that update. Lower the learning rate, clip the gradient norm (optimizer.maxGradNorm) or check the inputs.');
  }
}

/** The training loss grew far above its starting value (Trainer.fit with onDivergence: 'error'). */
export class TrainingDivergedError extends SpikeGpuError {
  constructor(readonly loss: number, readonly initialLoss: number, readonly epoch: number, readonly lr: number) {
    super('TRAINING_DIVERGED', divergenceMessage(loss, initialLoss, epoch, lr));
  }
}

/** The text of a divergence warning or error. */
export function divergenceMessage(loss: number, initialLoss: number, epoch: number, lr: number): string {
  return `Trainer.fit: the training loss diverged: ${describeValue(loss)} in epoch ${epoch}, against ${initialLoss.toPrecision(4)} on the first batch. ` +
    `The learning rate (optimizer.lr = ${lr}) is probably too high: lower it, or clip gradients with optimizer.maxGradNorm. ` +
    'The weights are those after this epoch.';
}

/** A plastic synapse's weight became Inf or NaN during a run (its rule produced it; it was then clamped). */
export class NonFiniteWeightError extends SpikeGpuError {
  constructor(readonly projection: string, readonly step: number, readonly synapse: number, readonly pre: number, readonly post: number, readonly instance: number, checkedAt: number) {
    super('NON_FINITE_WEIGHT', `Projection '${projection}': a weight became Inf or NaN at step ${step} (detected at step ${checkedAt}); ` +
      `synapse ${synapse} (pre ${pre} -> post ${post}, instance ${instance}) is one that did. The rule's parameters (amplitudes, time constants) or its inputs produced it.`);
  }
}

/** A local learning rule's weights became Inf or NaN (its learning rate is too high for the data). */
export class LearningDivergedError extends SpikeGpuError {
  constructor(readonly learner: string, readonly epoch: number, readonly learningRate: number, hint: string) {
    super('LEARNING_DIVERGED', `${learner}: the weights became Inf or NaN by the end of epoch ${epoch} (learningRate = ${learningRate}). ${hint}`);
  }
}

/**
 * A file (NIR / HDF5, NIR graph data) could not be read or is not what its format says: `file` names
 * the file, `path` the place inside it (e.g. "node/nodes/lif1"; "" for the file as a whole), `field`
 * the dataset or attribute, and `allowed` what was expected there.
 */
export class FileFormatError extends SpikeGpuError {
  readonly file: string;
  readonly path: string;
  readonly field: string;
  readonly allowed: string;
  constructor(file: string, path: string, field: string, problem: string, allowed: string) {
    const where = [path, field].filter(Boolean).join('/');
    super('INVALID_FILE', `${file}${where ? ` at ${where}` : ''}: ${problem}; expected ${allowed}.`);
    this.file = file;
    this.path = path;
    this.field = field;
    this.allowed = allowed;
  }
}

/** An optional package a feature needs is not installed (e.g. h5wasm for NIR files): says which and how to get it. */
export class MissingDependencyError extends SpikeGpuError {
  readonly packageName: string;
  constructor(packageName: string, feature: string, options?: { cause?: unknown }) {
    super('MISSING_DEPENDENCY', `${feature} needs the package '${packageName}', which could not be loaded: run \`npm install ${packageName}\`.`, options);
    this.packageName = packageName;
  }
}
