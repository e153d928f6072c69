/**
 * Wake and status routes (functions.md §9.1–§9.4): `/wake-function/{name}`, `/wake-functions`,
 * `/status-functions`, `/status-function/{name}`. Not filtered by visibility.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { send, sendJson, drain } from '../http-util.js';
import { functionStatus } from '../../model/function-status.js';

export function handleWakeFunction(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, name: string): void {
  drain(req);
  const entry = ctx.registry.get(name);
  if (!entry || entry.virtual) {
    send(res, 404);
    return;
  }
  ctx.wake.wake(name);
  send(res, 204);
}

export function handleWakeFunctions(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse): void {
  drain(req);
  for (const entry of ctx.registry.list()) if (!entry.virtual) ctx.wake.wake(entry.name);
  send(res, 204);
}

/** Deployments first, then StatefulSets, in orchestrator order, then WebSocket functions. */
function orderedStatuses(ctx: GatewayContext) {
  const entries = ctx.registry.list();
  const kindOrder = (kind: string) => (kind === 'Deployment' ? 0 : kind === 'StatefulSet' ? 1 : 2);
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => kindOrder(a.entry.workload.kind) - kindOrder(b.entry.workload.kind) || a.index - b.index)
    .map(({ entry }) => functionStatus(entry.workload, entry.config));
}

export function handleStatusFunctions(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse): void {
  drain(req);
  sendJson(res, 200, orderedStatuses(ctx));
}

export function handleStatusFunction(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, name: string): void {
  drain(req);
  const entry = ctx.registry.get(name);
  if (!entry) send(res, 404);
  else sendJson(res, 200, functionStatus(entry.workload, entry.config));
}
