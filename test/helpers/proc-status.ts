/** Linux /proc/<pid>/status memory figures in KiB: VmRSS (resident now) and VmHWM (peak resident). */
import { readFileSync } from 'node:fs';

export function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}
