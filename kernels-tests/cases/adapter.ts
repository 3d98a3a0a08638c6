import type { GpuContext } from '../../host/gpu/context';

/** The adapter description and the limits the device was created with (logged once per worker). */
export async function adapterInfo(ctx: GpuContext): Promise<Record<string, unknown>> {
  const l = ctx.limits;
  return {
    ...ctx.adapter,
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxBufferSize: l.maxBufferSize,
    },
  };
}
