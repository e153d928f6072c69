/**
 * Caller callback (beyond upstream, OpenFaaS-compatible `X-Callback-Url`): which URLs a caller may
 * name (http/https only; an external caller only hosts of `SlimFaas__AsyncCallbackAllowedHosts`),
 * the headers of the POST sent after the final outcome, and its bounded back-off. Pure.
 */

export const CALLBACK_HEADER = 'x-callback-url';
const CALLBACK_SETTING = 'SlimFaas__AsyncCallbackAllowedHosts';
/** The first POST and this many retries. */
export const CALLBACK_RETRIES = 3;
export const CALLBACK_TIMEOUT_MS = 10_000;

export type CallbackCheck = { ok: true; url: string | null } | { ok: false; error: string };

/** `values`: the request's `X-Callback-Url` values (none: no callback). */
export function checkCallbackUrl(values: string[] | undefined, internal: boolean, allowedHosts: readonly string[]): CallbackCheck {
  if (!values || values.length === 0) return { ok: true, url: null };
  if (values.length > 1) return { ok: false, error: 'X-Callback-Url must be given once' };
  let url: URL;
  try {
    url = new URL(values[0].trim());
  } catch {
    return { ok: false, error: 'X-Callback-Url must be an absolute http or https URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'X-Callback-Url must be an absolute http or https URL' };
  if (url.username || url.password) return { ok: false, error: 'X-Callback-Url must not carry credentials' };
  const host = url.hostname.toLowerCase();
  if (!internal && !allowedHosts.includes(host) && !allowedHosts.includes(url.host.toLowerCase())) {
    return { ok: false, error: `X-Callback-Url host '${host}' is not allowed for external callers; allow it with ${CALLBACK_SETTING} (comma list)` };
  }
  return { ok: true, url: url.href };
}

/** Delay before retry n (1-based): 1 s, 2 s, 4 s… */
export function callbackBackoffMs(retry: number, baseMs = 1000): number {
  return baseMs * 2 ** (retry - 1);
}

export function callbackHeaders(o: { id: string; fn: string; status: number; durationMs: number; contentType?: string; tooLarge: boolean }): Record<string, string> {
  return {
    'x-call-id': o.id,
    'x-function-name': o.fn,
    'x-function-status': String(o.status),
    'x-duration-seconds': (o.durationMs / 1000).toFixed(3),
    'slimfaas-element-id': o.id,
    ...(o.contentType ? { 'content-type': o.contentType } : {}),
    ...(o.tooLarge ? { 'slimfaas-result-body': 'too-large' } : {}),
  };
}
