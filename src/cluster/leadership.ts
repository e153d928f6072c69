/**
 * Who runs the leader-only duties (dispatch, scaling, jobs, cron, scraping). A single node always
 * leads; with Redis a lease decides (src/cluster/redis-leadership.ts), and its fencing token lets
 * the store refuse a leader-only write from a node that has lost the lease.
 */
export interface Leadership {
  isLeader(): boolean;
  /** The fencing token to pass to leader-only store transitions; undefined/null when not fenced. */
  fenceToken?(): string | null;
  /** Called when the store refused a write as fenced: another node leads now. */
  lost?(): void;
}

export const alwaysLeader: Leadership = { isLeader: () => true };
