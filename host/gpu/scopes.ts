/**
 * Error scopes: every GPU call that can fail runs inside validation + out-of-memory scopes, and the
 * error that comes out names the kernel (or operation) that raised it. Shader compilation reports
 * come back with line numbers and the offending source line.
 */
import { GpuOutOfMemoryError, GpuValidationError, ShaderCompilationError, type ShaderMessage } from '../errors.js';

/** Runs `fn` inside validation and out-of-memory error scopes; throws a typed error naming `what`. */
export async function withErrorScopes<T>(device: GPUDevice, what: string, fn: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T | undefined;
  let thrown: { error: unknown } | undefined;
  try {
    result = fn();
  } catch (error) {
    thrown = { error };
  }
  // Pop both scopes even when fn threw, or later scopes would be mismatched.
  const v = await device.popErrorScope();
  const o = await device.popErrorScope();
  if (thrown) throw thrown.error;
  if (v) throw new GpuValidationError(what, v.message);
  if (o) throw new GpuOutOfMemoryError(what, o.message);
  return result as T;
}

/** Compiles WGSL and turns any error messages into a ShaderCompilationError with line numbers. */
export async function compileShader(device: GPUDevice, kernel: string, code: string): Promise<GPUShaderModule> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: kernel, code });
  const scopeError = await device.popErrorScope();
  // The compilation info carries line numbers even when the module is invalid.
  const info = await module.getCompilationInfo();
  const lines = code.split('\n');
  const errors: ShaderMessage[] = info.messages
    .filter((m) => m.type === 'error')
    .map((m) => {
      const line = lines[m.lineNum - 1];
      return { type: m.type, lineNum: m.lineNum, linePos: m.linePos, message: m.message, ...(line !== undefined ? { line } : {}) };
    });
  if (errors.length > 0 || scopeError) throw new ShaderCompilationError(kernel, errors, scopeError?.message);
  return module;
}
