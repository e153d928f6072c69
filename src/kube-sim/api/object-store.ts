/**
 * The storage of every object: one global resourceVersion counter (each write gets the next value), a bounded
 * history of change events for watches (asking for a version older than the history is `410 Expired`), and
 * synchronous change listeners. Stored objects are deep-frozen; writers pass new objects.
 */
import type { KubeObject } from '../model/types.js';
import { orderMetadata } from './object-meta.js';
import { typeKey, type ResourceType } from './resource-types.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  resource: ResourceType;
  /** The object after the change (for DELETED: the last state, carrying the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the change (MODIFIED and DELETED). */
  previous?: KubeObject;
  revision: number;
}

export type StoreListener = (event: StoreEvent) => void;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  private revision = 0;
  private readonly history: StoreEvent[] = [];
  /** The revision of the newest event dropped from the history (0: nothing dropped). */
  private compactedThrough = 0;
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly historyLimit = 10_000) {}

  currentRevision(): number {
    return this.revision;
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    const key = typeKey(type);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(type).get(objectKey(type.namespaced ? namespace : undefined, name));
  }

  /** Objects of a type, in one namespace or all, sorted by namespace then name (the API server's order). */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const all = [...this.bucket(type).values()].filter((o) => !namespace || !type.namespaced || o.metadata.namespace === namespace);
    return all.sort((a, b) => objectKey(a.metadata.namespace, a.metadata.name!).localeCompare(objectKey(b.metadata.namespace, b.metadata.name!)));
  }

  /** Stores a new version (ADDED when absent, MODIFIED otherwise) with the next resourceVersion. */
  write(type: ResourceType, object: KubeObject): KubeObject {
    const bucket = this.bucket(type);
    const key = objectKey(type.namespaced ? object.metadata.namespace : undefined, object.metadata.name!);
    const previous = bucket.get(key);
    this.revision++;
    const stored = deepFreeze({ ...object, metadata: orderMetadata({ ...object.metadata, resourceVersion: String(this.revision) }) });
    bucket.set(key, stored);
    this.record({ type: previous ? 'MODIFIED' : 'ADDED', resource: type, object: stored, previous, revision: this.revision });
    return stored;
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.bucket(type);
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const previous = bucket.get(key);
    if (!previous) return undefined;
    bucket.delete(key);
    this.revision++;
    const last = deepFreeze({ ...previous, metadata: { ...previous.metadata, resourceVersion: String(this.revision) } });
    this.record({ type: 'DELETED', resource: type, object: last, previous, revision: this.revision });
    return last;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    while (this.history.length > this.historyLimit) this.compactedThrough = this.history.shift()!.revision;
    for (const listener of [...this.listeners]) listener(event);
  }

  /**
   * Every event after `revision`, or `{ expired }` when some of them were already dropped (the caller answers
   * `410`). A revision in the future yields nothing yet.
   */
  eventsSince(revision: number): StoreEvent[] | { expired: number } {
    if (revision < this.compactedThrough) return { expired: this.compactedThrough + 1 };
    const first = this.history.findIndex((e) => e.revision > revision);
    return first < 0 ? [] : this.history.slice(first);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
