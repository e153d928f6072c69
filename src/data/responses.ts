/**
 * The answers of the data routes: JSON strings (`"Invalid id."`, a written id), RFC 7807 problems
 * with ASP.NET's type URIs, plain text, listings, and the empty 404 of hidden routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { drain, send } from '../gateway/http-util.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPES: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  409: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
  413: 'https://tools.ietf.org/html/rfc9110#section-15.5.14',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
  503: 'https://tools.ietf.org/html/rfc9110#section-15.6.4',
};

export const MAX_VALUE_BYTES = 1024 * 1024;
export const TOO_LARGE_DETAIL = `Max allowed size is ${MAX_VALUE_BYTES} bytes (1 MiB).`;

/** A JSON string body, e.g. `"Invalid id."` or `"my.key"` (quotes included). */
export function sendJsonString(res: ServerResponse, status: number, text: string): void {
  send(res, status, JSON.stringify(text), { 'content-type': JSON_TYPE });
}

/** A 400 with a JSON string message; the unread request body is discarded. */
export function badRequest(req: IncomingMessage, res: ServerResponse, message: string): void {
  drain(req);
  sendJsonString(res, 400, message);
}

export function sendProblem(res: ServerResponse, status: number, title: string, detail: string, headers: Record<string, string> = {}): void {
  const body = { type: PROBLEM_TYPES[status] ?? 'about:blank', title, status, detail };
  send(res, status, JSON.stringify(body), { ...headers, 'content-type': 'application/problem+json' });
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, text, { 'content-type': 'text/plain; charset=utf-8' });
}

export function sendListing(res: ServerResponse, json: string): void {
  send(res, 200, json, { 'content-type': JSON_TYPE });
}

/** The route pretends not to exist: 404 with an empty body. */
export function notFound(req: IncomingMessage, res: ServerResponse): void {
  drain(req);
  send(res, 404);
}

export function methodNotAllowed(req: IncomingMessage, res: ServerResponse): void {
  drain(req);
  send(res, 405);
}
