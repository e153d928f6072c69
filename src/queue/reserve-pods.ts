/**
 * Least-connections reservation of target pods for queued items (functions.md §7.3 step 5):
 * a pod's load is its running reservations; pods at the per-pod limit are skipped; ties go to
 * the round-robin order starting at `start`; each reservation adds one before the next pick.
 */
export function reservePods(podKeys: string[], loads: Map<string, number>, perPodLimit: number, count: number, start: number): string[] {
  const load = new Map(podKeys.map((key) => [key, loads.get(key) ?? 0]));
  const reserved: string[] = [];
  for (let n = 0; n < count; n++) {
    let best: string | null = null;
    let bestLoad = Infinity;
    for (let i = 0; i < podKeys.length; i++) {
      const key = podKeys[(start + i) % podKeys.length];
      const current = load.get(key)!;
      if (current >= perPodLimit) continue;
      if (current < bestLoad) {
        best = key;
        bestLoad = current;
      }
    }
    if (best === null) break;
    reserved.push(best);
    load.set(best, bestLoad + 1);
  }
  return reserved;
}

/** The reservation key of a pod: unique even when replicas share an IP (native local mode). */
export function podReservationKey(pod: { ip: string; ports: number[]; endpointUrl?: string }): string {
  return pod.endpointUrl ?? `${pod.ip}:${pod.ports[0] ?? 0}`;
}
