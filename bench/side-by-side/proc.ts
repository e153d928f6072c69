/** /proc readers for the footprint figures: CPU seconds (utime+stime) and VmRSS/VmHWM of a PID. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { statusKiB } from '../../test/helpers/proc-status.js';

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime (fields 14, 15)
}

export function memMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  return statusKiB(pid, field) / 1024;
}
