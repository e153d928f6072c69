/**
 * Per-node load balancing among a function's ready replicas (functions.md §6.2): a round-robin
 * cursor, then the fewest in-flight sync calls from the cursor on; ties go to the first seen.
 */
import type { PodInfo } from '../orchestrator/orchestrator.js';

export class TargetSelector {
  private cursors = new Map<string, string>();
  private inFlight = new Map<string, number>();

  /** Chooses a pod among `pods` (already filtered to usable ones) and counts it in flight. */
  acquire(functionName: string, pods: PodInfo[]): { pod: PodInfo; release: () => void } | null {
    const pod = this.choose(functionName, pods);
    if (!pod) return null;
    const key = this.key(functionName, pod);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    let released = false;
    return {
      pod,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.inFlight.get(key) ?? 1) - 1;
        if (left <= 0) this.inFlight.delete(key);
        else this.inFlight.set(key, left);
      },
    };
  }

  /** Advances the round-robin cursor and returns the pod index to start from. */
  nextStart(functionName: string, pods: PodInfo[]): number {
    const previous = this.cursors.get(functionName);
    let start: number;
    if (previous === undefined) start = Math.floor(Math.random() * pods.length);
    else {
      const index = pods.findIndex((p) => p.name === previous);
      start = index < 0 ? 0 : (index + 1) % pods.length;
    }
    return start;
  }

  remember(functionName: string, pod: PodInfo): void {
    this.cursors.set(functionName, pod.name);
  }

  private choose(functionName: string, pods: PodInfo[]): PodInfo | null {
    if (pods.length === 0) return null;
    if (pods.length === 1) return pods[0];
    const start = this.nextStart(functionName, pods);
    let best: PodInfo | null = null;
    let bestLoad = Infinity;
    for (let i = 0; i < pods.length; i++) {
      const pod = pods[(start + i) % pods.length];
      const load = this.inFlight.get(this.key(functionName, pod)) ?? 0;
      if (load < bestLoad) {
        best = pod;
        bestLoad = load;
      }
    }
    if (best) this.remember(functionName, best);
    return best;
  }

  private key(functionName: string, pod: PodInfo): string {
    return `${functionName}\u0000${pod.name}`;
  }
}
