/**
 * The machine's own floor under the fire-spread bench: how often each CPU is taken away for tens of
 * microseconds (measured natively, one pinned busy thread per CPU; see core/cpu_availability.h).
 */
import { addon, type CpuAvailability } from '../binding.js';

export async function measureSchedulingFloor(ms = 2000): Promise<CpuAvailability[]> {
  return addon.measureCpuAvailability(ms);
}

/** P(at least one CPU is unavailable ≥ 50 µs at a random instant): a release needing every CPU misses then. */
export function anyCpuBeyond50us(floors: readonly CpuAvailability[]): number {
  return 1 - floors.reduce((p, f) => p * (1 - f.beyond50us), 1);
}
