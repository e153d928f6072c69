/**
 * The job routes (jobs.md §4, §7–§9): `POST|GET /job/{name}`, `DELETE /job/{name}/{id}`,
 * `POST|GET /job-schedules/{name}`, `DELETE /job-schedules/{name}/{id}`, `GET /jobs/status` and
 * `/status-jobs`. Names of mutating routes are lower-cased and validated; visibility is checked
 * on the caller's real address; error answers have upstream's status codes and empty bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send, drain } from '../../gateway/http-util.js';
import type { JobService } from '../job-service.js';
import type { JobRequest } from '../job-request.js';
import type { JobEnvironmentEntry } from '../../orchestrator/jobs.js';
import { validJobName } from '../job-names.js';
import { echoEntry, parseScheduleEntry } from '../schedule-entry.js';
import { readObjectBody, sendJobsJson, sendNameError } from './job-json.js';

export interface JobRouteDeps {
  service: JobService;
  isInternal: (req: IncomingMessage) => boolean;
}

/** `{name}` or `{name}/{id}` (decoded), or null for any other shape. */
function routeShape(rest: string): { name: string; id?: string } | null {
  const parts = rest.split('/').map((part) => decodeURIComponent(part));
  if (parts.some((p) => p === '') || parts.length > 2) return null;
  return parts.length === 1 ? { name: parts[0]! } : { name: parts[0]!, id: parts[1]! };
}

/**
 * The shared shape of both route families: GET/POST on `{name}` (POST with a validated name and a
 * JSON object body), DELETE on `{name}/{id}` with a validated name; anything else 404/405.
 */
async function dispatchRoute(
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
  on: {
    list: (rawName: string) => Promise<void>;
    create: (name: string, body: Record<string, unknown>) => Promise<void>;
    remove: (name: string, id: string) => Promise<void>;
  },
): Promise<void> {
  const shape = routeShape(rest);
  const method = req.method ?? '';
  if (!shape) return refuse(req, res, 404);
  if (shape.id === undefined && method === 'GET') {
    drain(req);
    return on.list(shape.name);
  }
  if (shape.id === undefined ? method !== 'POST' : method !== 'DELETE') return refuse(req, res, 405);
  const name = validJobName(shape.name);
  if (!name) return refuseName(req, res);
  if (shape.id !== undefined) {
    drain(req);
    return on.remove(name, shape.id);
  }
  const body = await readObjectBody(req);
  if (!body) return send(res, 400);
  return on.create(name, body);
}

const strings = (value: unknown): string[] | null => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null);

/** The trigger body (case-sensitive PascalCase; wrong types count as absent). */
function jobRequest(body: Record<string, unknown>): JobRequest {
  const resources = typeof body.Resources === 'object' && body.Resources !== null ? (body.Resources as JobRequest['Resources']) : null;
  const environments = Array.isArray(body.Environments)
    ? (body.Environments.filter((e) => typeof e === 'object' && e !== null && typeof (e as JobEnvironmentEntry).Name === 'string') as JobEnvironmentEntry[])
    : null;
  return { Args: strings(body.Args), Image: typeof body.Image === 'string' ? body.Image : '', Resources: resources, Environments: environments, DependsOn: strings(body.DependsOn) };
}

export function handleJob(deps: JobRouteDeps, req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
  return dispatchRoute(req, res, rest, {
    list: async (raw) => sendJobsJson(res, 200, await deps.service.list(raw)),
    create: async (name, body) => {
      const result = await deps.service.trigger(name, jobRequest(body), deps.isInternal(req));
      if (!result.ok) return send(res, 400);
      sendJobsJson(res, 202, { Id: result.id });
    },
    remove: async (name, id) => send(res, (await deps.service.cancel(name, id, deps.isInternal(req))) === 'ok' ? 200 : 404),
  });
}

export function handleJobSchedules(deps: JobRouteDeps, req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
  return dispatchRoute(req, res, rest, {
    list: async (raw) => sendJobsJson(res, 200, (await deps.service.schedules.list(raw.toLowerCase())).map(({ id, entry }) => echoEntry(id, entry))),
    create: async (name, body) => {
      const parsed = parseScheduleEntry(body);
      if (!parsed.ok) return send(res, 400, JSON.stringify({ error: parsed.error }), { 'content-type': 'application/json; charset=utf-8' });
      const result = await deps.service.addSchedule(name, parsed.entry, deps.isInternal(req));
      if (!result.ok) return send(res, 400);
      sendJobsJson(res, 201, { Id: result.id });
    },
    remove: async (name, id) => {
      const outcome = await deps.service.deleteSchedule(name, id, deps.isInternal(req));
      send(res, outcome === 'deleted' ? 204 : outcome === 'forbidden' ? 400 : 404);
    },
  });
}

export async function handleJobsStatus(deps: JobRouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  drain(req);
  sendJobsJson(res, 200, await deps.service.status());
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  drain(req);
  send(res, status);
}

function refuseName(req: IncomingMessage, res: ServerResponse): void {
  drain(req);
  sendNameError(res);
}
