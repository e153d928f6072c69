/** Status conditions: set one by type, keeping `lastTransitionTime` unless the status changes (and `lastUpdateTime` if tracked). */

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
}

export function setCondition(conditions: Condition[], next: Omit<Condition, 'lastTransitionTime'>, now: string, withUpdateTime = false): Condition[] {
  const existing = conditions.find((c) => c.type === next.type);
  const unchanged = existing && existing.status === next.status && existing.reason === next.reason && existing.message === next.message;
  if (unchanged) return conditions;
  const condition: Condition = {
    type: next.type,
    status: next.status,
    ...(withUpdateTime ? { lastUpdateTime: now } : {}),
    lastTransitionTime: existing && existing.status === next.status ? existing.lastTransitionTime! : now,
    ...(next.reason !== undefined ? { reason: next.reason } : {}),
    ...(next.message !== undefined ? { message: next.message } : {}),
    ...(next.lastProbeTime !== undefined ? { lastProbeTime: next.lastProbeTime } : {}),
  };
  return existing ? conditions.map((c) => (c === existing ? condition : c)) : [...conditions, condition];
}

export function hasCondition(conditions: Condition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}
