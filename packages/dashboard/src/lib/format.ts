// Small display helpers: visibility values, pod status icons, durations, timestamps.
import type { VisibilityValue } from './types';

/** Visibility as upstream writes it: a number (0 Public, 1 Private) or a string. */
export function visibilityName(value: VisibilityValue | null | undefined): 'Public' | 'Private' {
  if (value === 1 || value === '1') return 'Private';
  if (typeof value === 'string' && value.toLowerCase() === 'private') return 'Private';
  return 'Public';
}

/** Status icon of a pod (platform.md §6.3). */
export function podIcon(status: string): string {
  switch (status) {
    case 'Running':
      return '🟢';
    case 'Starting':
      return '🟡';
    case 'Pending':
      return '🔵';
    case 'CrashLoopBackOff':
    case 'ImagePullBackOff':
    case 'ErrImagePull':
    case 'Unschedulable':
    case 'Error':
    case 'Failed':
      return '🔴';
    default:
      return '⚪';
  }
}

export function podTone(status: string): 'ok' | 'warn' | 'info' | 'bad' | 'other' {
  const icon = podIcon(status);
  return icon === '🟢' ? 'ok' : icon === '🟡' ? 'warn' : icon === '🔵' ? 'info' : icon === '🔴' ? 'bad' : 'other';
}

export function podTypeIcon(podType: string): string {
  if (podType === 'StatefulSet') return '🗄️';
  if (podType === 'WebSocket') return '🔌';
  return '📦';
}

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : String(value);
}

/** Timestamps as .NET ticks, unix milliseconds or unix seconds → a Date (null when unset). */
export function toDate(value: number | null | undefined): Date | null {
  if (value === null || value === undefined || !Number.isFinite(value) || value <= 0) return null;
  if (value > 1e16) return new Date((value - 621355968000000000) / 10000);
  if (value > 1e11) return new Date(value);
  return new Date(value * 1000);
}

export function formatTimestamp(value: number | null | undefined): string {
  const date = toDate(value);
  return date ? date.toLocaleString() : '-';
}

export function formatPolicy(policy: { Type: string; Value: number; PeriodSeconds: number }): string {
  return policy.Type.toLowerCase() === 'percent' ? `${policy.Value}%/${policy.PeriodSeconds}s` : `${policy.Value} pods/${policy.PeriodSeconds}s`;
}
