/** Probes a `debugUrl` function forever (§2.4.7): never starts anything, only toggles the virtual replica's readiness. */
import { probeHttp } from './http-probe.js';

/** `debugUrl` (base path kept, trailing slashes dropped) + health path. */
export function debugProbeUrl(debugUrl: string, healthPath: string): string {
  return `${debugUrl.replace(/\/+$/, '')}${healthPath}`;
}

export class DebugProber {
  private ready = false;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly url: string,
    private readonly periodMs: number,
    private readonly timeoutMs: number,
    private readonly onChange: () => void,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** First probe immediately, then every period (measured from the end of the previous probe). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.probe();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async probe(): Promise<void> {
    this.timer = null;
    if (!this.running) return;
    const ok = await probeHttp(this.url, this.timeoutMs);
    if (!this.running) return;
    if (ok !== this.ready) {
      this.ready = ok;
      this.onChange();
    }
    this.timer = setTimeout(() => void this.probe(), this.periodMs);
  }
}
