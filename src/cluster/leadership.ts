/** Who runs the leader-only duties (dispatch, scaling). A single node always leads; Redis adds a lease. */
export interface Leadership {
  isLeader(): boolean;
}

export const alwaysLeader: Leadership = { isLeader: () => true };
