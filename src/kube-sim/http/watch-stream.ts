/**
 * Watch streams (`?watch=true`): newline-delimited `{"type","object"}` events of one resource, filtered by namespace
 * and selectors (an object that starts or stops matching becomes ADDED / DELETED, as with the API server).
 * No resourceVersion (or `0`) starts with the current objects as ADDED; `resourceVersion=N` replays the history
 * after N, or sends one `ERROR` event with a `410 Expired` Status and closes when N is older than the history.
 * Optional BOOKMARK events; the stream ends after `timeoutSeconds`.
 */
import type { ServerResponse } from 'node:http';
import { expired } from '../api/api-error.js';
import { matchesSelectors, type Selectors } from '../api/kube-api.js';
import type { EventType, ObjectStore, StoreEvent } from '../api/object-store.js';
import { apiVersionOf, type ResourceType } from '../api/resource-types.js';
import type { KubeObject } from '../model/types.js';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  selectors: Selectors;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  /** Turns an event's object into what is sent (a Table row, a PartialObjectMetadata…). */
  render(obj: KubeObject): unknown;
}

export interface WatchSettings {
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
}

function visible(obj: KubeObject, request: WatchRequest): boolean {
  if (request.namespace && obj.metadata.namespace !== request.namespace) return false;
  return matchesSelectors(obj, request.selectors);
}

/** What a watcher with these filters sees of a store event, if anything. */
export function classify(event: StoreEvent, request: WatchRequest): EventType | undefined {
  if (event.resource !== request.type) return undefined;
  if (event.type === 'ADDED') return visible(event.object, request) ? 'ADDED' : undefined;
  if (event.type === 'DELETED') return visible(event.object, request) ? 'DELETED' : undefined;
  const now = visible(event.object, request);
  const before = event.previous !== undefined && visible(event.previous, request);
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}

export class WatchHub {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly store: ObjectStore,
    private readonly settings: WatchSettings,
  ) {}

  serve(res: ServerResponse, request: WatchRequest): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'cache-control': 'no-cache, private' });
    res.flushHeaders();
    const send = (type: string, object: unknown): void => {
      if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
    };
    const rv = request.resourceVersion;
    let backlog: StoreEvent[] = [];
    if (rv === undefined || rv === '' || rv === '0') {
      for (const obj of this.store.list(request.type, request.namespace)) if (visible(obj, request)) send('ADDED', request.render(obj));
    } else {
      const since = Number(rv);
      if (!Number.isInteger(since) || since < 0) {
        send('ERROR', { ...expired(0, 0).toStatus(), code: 400, reason: 'BadRequest', message: `invalid resource version "${rv}"` });
        res.end();
        return;
      }
      const history = this.store.eventsSince(since);
      if (!Array.isArray(history)) {
        send('ERROR', expired(since, history.expired).toStatus());
        res.end();
        return;
      }
      backlog = history;
    }
    for (const event of backlog) {
      const type = classify(event, request);
      if (type) send(type, request.render(event.object));
    }
    const bookmark = (initialEnd: boolean): void => {
      send('BOOKMARK', {
        kind: request.type.kind,
        apiVersion: apiVersionOf(request.type),
        metadata: { resourceVersion: String(this.store.currentRevision()), ...(initialEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) },
      });
    };
    if (request.sendInitialEvents && request.allowBookmarks) bookmark(true);
    const unsubscribe = this.store.subscribe((event) => {
      const type = classify(event, request);
      if (type) send(type, request.render(event.object));
    });
    const timers: NodeJS.Timeout[] = [];
    if (request.allowBookmarks) timers.push(setInterval(() => bookmark(false), this.settings.bookmarkIntervalMs));
    const timeoutMs = (request.timeoutSeconds ?? this.settings.defaultTimeoutSeconds) * 1000;
    timers.push(setTimeout(() => res.end(), timeoutMs));
    this.open.add(res);
    res.once('close', () => {
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      this.open.delete(res);
    });
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const res of [...this.open]) res.end();
  }
}
