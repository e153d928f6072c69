/** CORS (platform.md §3.4): `*` allows any origin; otherwise an explicit comma-separated origin list. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function createCors(allowOrigin: string) {
  const any = allowOrigin.trim() === '*';
  const origins = new Set(allowOrigin.split(',').map((o) => o.trim()).filter(Boolean));
  /** Adds CORS headers; returns true when the request was a preflight and has been answered. */
  return function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (!origin) return false;
    const allowed = any || origins.has(origin);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      if (!any) res.setHeader('Vary', 'Origin');
    }
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!preflight) return false;
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', String(req.headers['access-control-request-method']));
      const requested = req.headers['access-control-request-headers'];
      if (requested) res.setHeader('Access-Control-Allow-Headers', String(requested));
    }
    res.writeHead(204, { 'content-length': '0' });
    res.end();
    req.resume();
    return true;
  };
}
