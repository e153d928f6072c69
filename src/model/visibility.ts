/**
 * Effective visibility of a call (functions.md §5.1) — the same normalised, case-insensitive,
 * first-match string-prefix rule for synchronous and asynchronous calls — and of event subscriptions.
 */

import type { FunctionConfig, Visibility } from './function-config.js';

/** Removes one leading `/` and lower-cases. */
function normalisePath(path: string): string {
  return (path.startsWith('/') ? path.slice(1) : path).toLowerCase();
}

/**
 * `path` is the `{**path}` part of the request (with or without its leading `/`). The first
 * `PathsStartWithVisibility` rule whose normalised value is a plain string prefix of the
 * normalised path decides (`/admin` matches `administrator/x`; an empty rule matches everything);
 * otherwise the function's `DefaultVisibility`.
 */
export function effectiveVisibility(
  config: Pick<FunctionConfig, 'defaultVisibility' | 'pathsStartWithVisibility'>,
  path: string,
): Visibility {
  const target = normalisePath(path);
  for (const rule of config.pathsStartWithVisibility) {
    if (target.startsWith(normalisePath(rule.value))) return rule.visibility;
  }
  return config.defaultVisibility;
}

/**
 * Whether a function receives `eventName` from this caller (§8 step 2): some subscription with
 * exactly that name (case-sensitive) is `Public`, or `Private` and the caller is internal.
 * Beyond upstream ("private means private"): when the function declares path rules
 * (`PathsStartWithVisibility`), an external caller's event is delivered only on a path those
 * rules make `Public`, so an event can never reach a private path of a function.
 */
export function subscriptionAllows(
  config: Pick<FunctionConfig, 'subscribeEvents' | 'defaultVisibility' | 'pathsStartWithVisibility'>,
  eventName: string,
  callerIsInternal: boolean,
  path = '',
): boolean {
  const subscribed = config.subscribeEvents.some(
    (sub) => sub.value === eventName && (sub.visibility === 'Public' || callerIsInternal),
  );
  if (!subscribed || callerIsInternal || config.pathsStartWithVisibility.length === 0) return subscribed;
  return effectiveVisibility(config, path) === 'Public';
}
