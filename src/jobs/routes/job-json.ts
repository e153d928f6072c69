/**
 * JSON answers of the job routes: PascalCase objects whose `*Timestamp` ticks are written as
 * plain integer literals (they exceed the exact range of a double), and the request-body checks
 * shared by the routes (jobs.md §3.1: `null` or malformed → 400).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../../gateway/http-util.js';
import { INVALID_JSON, isJsonContentType, readJsonBody } from '../../gateway/json-body.js';
import { NAME_ERROR } from '../job-names.js';

const TICKS_FIELD = /"(InQueueTimestamp|StartTimestamp)":"(-?\d+)"/g;

/** `value` as JSON with the ticks fields written as integer literals (also the status stream's `Jobs`). */
export function jobsJsonText(value: unknown): string {
  return JSON.stringify(value).replace(TICKS_FIELD, '"$1":$2');
}

export function sendJobsJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, jobsJsonText(value), { 'content-type': 'application/json; charset=utf-8' });
}

/** 400 with the JSON string body of jobs.md §3.1. */
export function sendNameError(res: ServerResponse): void {
  send(res, 400, JSON.stringify(NAME_ERROR), { 'content-type': 'application/json; charset=utf-8' });
}

/** The body as a JSON object, or null when it is `null`, not JSON, not an object or not sent as JSON. */
export async function readObjectBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const json = isJsonContentType(req);
  const value = await readJsonBody(req);
  if (!json || value === INVALID_JSON || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return value as Record<string, unknown>;
}
