/**
 * The process CPU sampler (platform.md §4.2): every tick reads the cumulative CPU time of the
 * process; the first tick is only a baseline (usage 0), then usage = CPU µs consumed ÷ (logical
 * processors × elapsed µs) × 100, a share of the whole machine. Clock and CPU source are injected.
 */
import { availableParallelism } from 'node:os';
import type { Logger } from '../logging.js';

/** Cumulative CPU time (user + system) consumed by the process, in microseconds. */
export type CpuSource = () => number;

/** The production source: `process.cpuUsage()`. */
export const processCpuSource: CpuSource = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Percentage of `processors` cores used by `cpuMicros` of CPU time over `elapsedMs` of wall time. */
export function cpuPercent(cpuMicros: number, elapsedMs: number, processors: number): number {
  return (cpuMicros / (processors * elapsedMs * 1000)) * 100;
}

export interface CpuSamplerOptions {
  cpu?: CpuSource;
  /** Monotonic milliseconds. */
  clock?: () => number;
  processors?: number;
  /** Every sample at or above it is logged as a warning. */
  highThreshold: number;
  logger: Pick<Logger, 'warn'>;
}

export class CpuSampler {
  private baseline: { cpu: number; at: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private latest = 0;
  private readonly cpu: CpuSource;
  private readonly clock: () => number;
  private readonly processors: number;

  constructor(private readonly o: CpuSamplerOptions) {
    this.cpu = o.cpu ?? processCpuSource;
    this.clock = o.clock ?? (() => performance.now());
    this.processors = Math.max(1, o.processors ?? availableParallelism());
  }

  /** The latest sample, in percent (0 until two ticks happened). */
  get usage(): number {
    return this.latest;
  }

  tick(): void {
    const now = { cpu: this.cpu(), at: this.clock() };
    const previous = this.baseline;
    this.baseline = now;
    if (previous === null || now.at <= previous.at) return;
    this.latest = cpuPercent(now.cpu - previous.cpu, now.at - previous.at, this.processors);
    if (this.latest >= this.o.highThreshold) {
      this.o.logger.warn(`CPU usage ${this.latest.toFixed(1)}% is at or above the rate-limiting high threshold (${this.o.highThreshold}%)`);
    }
  }

  /** Ticks every `intervalMs` until `stop()`: the first tick is the baseline, so the first value comes after two intervals. */
  start(intervalMs: number): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
