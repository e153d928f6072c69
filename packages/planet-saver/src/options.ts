/** Planet-saver options, their defaults and the pure polling decisions (functions.md §12.1–§12.3). */

/** How a function is treated: woken and blocking the UI, only woken, or ignored. */
export type BehaviorValue = 'WakeUp+BlockUI' | 'WakeUp' | 'None';

export interface BehaviorMap {
  [functionName: string]: BehaviorValue;
}

export interface SlimFaasPlanetSaverOptions {
  /** Receives the items of every `/status-functions` answer. Default: no-op. */
  updateCallback?: (data: any[]) => void;
  /** Receives the message of every failed poll. Default: no-op. */
  errorCallback?: (errorMessage: string) => void;
  /** Milliseconds between the end of a poll and the start of the next one. Default 5000. */
  interval?: number;
  overlayStartingMessage?: string;
  overlayNoActivityMessage?: string;
  overlayErrorMessage?: string;
  overlaySecondaryMessage?: string;
  overlayErrorSecondaryMessage?: string;
  overlayLoadingIcon?: string;
  /** Milliseconds after the last mouse move during which the user counts as active. Default 60000. */
  noActivityTimeout?: number;
  /** Milliseconds after a wake round during which only functions at zero are woken again. Default 60000. */
  wakeUpTimeout?: number;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Behaviour per function name; a missing name means `WakeUp+BlockUI`. Default `{}`. */
  behavior?: BehaviorMap;
}

/** The fields of a `/status-functions` item the library uses. */
export interface FunctionStatus {
  Name: string;
  NumberReady: number;
}

export type ResolvedOptions = Required<SlimFaasPlanetSaverOptions>;

export const DEFAULT_BEHAVIOR: BehaviorValue = 'WakeUp+BlockUI';

const BEHAVIORS: readonly string[] = ['WakeUp+BlockUI', 'WakeUp', 'None'];

export const DEFAULTS = {
  interval: 5000,
  overlayStartingMessage: '🌳 Starting the environment.... 🌳',
  overlayNoActivityMessage: 'Waiting activity to start environment...',
  overlayErrorMessage: 'An error occurred while starting the environment.',
  overlaySecondaryMessage: 'Startup should be fast, but if no machines are available it can take several minutes.',
  overlayErrorSecondaryMessage: 'If the error persists, please contact an administrator.',
  overlayLoadingIcon: '🌍',
  noActivityTimeout: 60000,
  wakeUpTimeout: 60000,
} as const;

const noop = (): void => undefined;

/** Every option with its default; falsy values (0, empty string, null) fall back to the default. */
export function resolveOptions(options: SlimFaasPlanetSaverOptions = {}): ResolvedOptions {
  const o = options ?? {};
  const given = o.fetch;
  return {
    updateCallback: o.updateCallback || noop,
    errorCallback: o.errorCallback || noop,
    interval: o.interval || DEFAULTS.interval,
    overlayStartingMessage: o.overlayStartingMessage || DEFAULTS.overlayStartingMessage,
    overlayNoActivityMessage: o.overlayNoActivityMessage || DEFAULTS.overlayNoActivityMessage,
    overlayErrorMessage: o.overlayErrorMessage || DEFAULTS.overlayErrorMessage,
    overlaySecondaryMessage: o.overlaySecondaryMessage || DEFAULTS.overlaySecondaryMessage,
    overlayErrorSecondaryMessage: o.overlayErrorSecondaryMessage || DEFAULTS.overlayErrorSecondaryMessage,
    overlayLoadingIcon: o.overlayLoadingIcon || DEFAULTS.overlayLoadingIcon,
    noActivityTimeout: o.noActivityTimeout || DEFAULTS.noActivityTimeout,
    wakeUpTimeout: o.wakeUpTimeout || DEFAULTS.wakeUpTimeout,
    // Called unbound (a browser's fetch refuses any other `this`); the global is looked up per call.
    fetch: given ? (input, init) => given(input, init) : (input, init) => globalThis.fetch(input, init),
    behavior: o.behavior || {},
  };
}

/** Removes one trailing `/`. */
export function normalizeBaseUrl(url: string): string {
  const value = url ?? '';
  return value.endsWith('/') ? value.slice(0, -1) : value;
}

/** The behaviour of `name` in `map`; a missing (or unknown) value means `WakeUp+BlockUI`. */
export function behaviorOf(map: BehaviorMap, name: string): BehaviorValue {
  const value = Object.prototype.hasOwnProperty.call(map, name) ? map[name] : undefined;
  return value && BEHAVIORS.includes(value) ? value : DEFAULT_BEHAVIOR;
}

/** True when every blocking (`WakeUp+BlockUI`) function has at least one ready replica. */
export function allBlockingReady(data: readonly FunctionStatus[], behavior: (name: string) => BehaviorValue): boolean {
  return data.filter((item) => behavior(item.Name) === 'WakeUp+BlockUI').every((item) => item.NumberReady >= 1);
}

/**
 * The functions a wake round calls: every one whose behaviour is not `None`, but only those at
 * zero while `now` is within `wakeUpTimeout` of the last round.
 */
export function wakeTargets(
  data: readonly FunctionStatus[],
  behavior: (name: string) => BehaviorValue,
  lastWakeUpTime: number | null,
  now: number,
  wakeUpTimeout: number,
): FunctionStatus[] {
  const withinWindow = lastWakeUpTime !== null && lastWakeUpTime !== 0 && now - lastWakeUpTime <= wakeUpTimeout;
  return data.filter((item) => behavior(item.Name) !== 'None').filter((item) => item.NumberReady === 0 || !withinWindow);
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
