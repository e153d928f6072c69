/** Wake-up decision of spec §7.4 — pure, with an injected clock (milliseconds). */
import type { Binding } from './config.js';

export type WakeReason = 'pending' | 'activity' | 'pending_and_activity';

export interface LagResult {
  pending: number;
  committedSum: number;
  adminMode: boolean;
}

export interface DecisionState {
  /** (topic, group) → last committed sum and last activity time (ms). */
  activity: Map<string, { committedSum: number; lastActivityMs: number }>;
  /** (topic, group, function) → last wake time (ms). */
  lastWake: Map<string, number>;
}

export interface Decision {
  wake: boolean;
  reason?: WakeReason;
  recentActivity: boolean;
  /** Set when this round updated the activity time (seconds since epoch). */
  activityTimestampSeconds?: number;
  /** True when a wake was wanted but the cooldown held it. */
  heldByCooldown: boolean;
}

export function newState(): DecisionState {
  return { activity: new Map(), lastWake: new Map() };
}

export const activityKey = (b: Binding): string => `${b.topic}\u0000${b.consumerGroupId}`;
export const wakeKey = (b: Binding): string => `${b.topic}\u0000${b.consumerGroupId}\u0000${b.functionName}`;

/** Decides, and records the wake time when it decides to wake (the caller then POSTs). */
export function decide(b: Binding, lag: LagResult, nowMs: number, state: DecisionState): Decision {
  const keepAlive = b.activityKeepAliveSeconds;
  let recentActivity = false;
  let activityTimestampSeconds: number | undefined;
  if (lag.adminMode && lag.committedSum > 0) {
    const key = activityKey(b);
    const prev = state.activity.get(key);
    if (!prev) {
      state.activity.set(key, { committedSum: lag.committedSum, lastActivityMs: nowMs });
      activityTimestampSeconds = nowMs / 1000;
      recentActivity = keepAlive > 0; // first observation counts as activity
    } else {
      const delta = lag.committedSum - prev.committedSum;
      if (delta > 0) {
        prev.committedSum = lag.committedSum;
        prev.lastActivityMs = nowMs;
        activityTimestampSeconds = nowMs / 1000;
      }
      recentActivity = keepAlive > 0 && (delta >= b.minConsumedDeltaForActivity || nowMs - prev.lastActivityMs <= keepAlive * 1000);
    }
  }
  const pendingHit = lag.pending >= b.minPendingMessages;
  if (!pendingHit && !recentActivity) return { wake: false, recentActivity, activityTimestampSeconds, heldByCooldown: false };
  const wk = wakeKey(b);
  const last = state.lastWake.get(wk);
  if (last !== undefined && nowMs - last < b.cooldownSeconds * 1000) {
    return { wake: false, recentActivity, activityTimestampSeconds, heldByCooldown: true };
  }
  state.lastWake.set(wk, nowMs);
  const reason: WakeReason = pendingHit && recentActivity ? 'pending_and_activity' : pendingHit ? 'pending' : 'activity';
  return { wake: true, reason, recentActivity, activityTimestampSeconds, heldByCooldown: false };
}
