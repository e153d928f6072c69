/**
 * The node's WebSocket functions (functions.md §11.2–§11.3, §11.6): live connections grouped by
 * registered name with the configuration they share, the virtual function view the registry lists
 * (one ready pod per connection, never trusted), round-robin connection choice under the per-pod
 * limit, and event fan-out. A name disappears with its last connection.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { FunctionEntry, FunctionRegistry } from '../functions/function-registry.js';
import type { VirtualEvent, VirtualFunctionSource, VirtualTransport } from '../functions/virtual-function.js';
import type { Logger } from '../logging.js';
import { WsConnection } from './ws-connection.js';
import { encodeEnvelope, MessageType, type Envelope } from './ws-protocol.js';
import { parseRegister, registrationError, virtualFunctionConfig, type WsConfiguration } from './ws-registration.js';

export interface WsFunction {
  readonly name: string;
  readonly configuration: WsConfiguration;
  readonly connections: WsConnection[];
  rr: number;
  entry: FunctionEntry | null;
}

export type SyncHandler = (fn: string, req: IncomingMessage, res: ServerResponse, path: string, query: string) => Promise<void>;

export class WebSocketFunctions implements VirtualFunctionSource {
  private readonly byName = new Map<string, WsFunction>();
  private readonly all = new Set<WsConnection>();
  private cached: FunctionEntry[] | null = null;
  private readonly listeners = new Set<() => void>();
  /** Set by the wiring: the sync call handler (src/ws/ws-sync.ts) and late callbacks (the dispatcher). */
  syncHandler: SyncHandler = async (_fn, _req, res) => void res.writeHead(503).end();
  lateCallback: (fn: string, elementId: string, statusCode: number) => void = () => undefined;

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly logger: Logger,
  ) {}

  /** Takes a freshly upgraded socket; it is a function's pod once it registers. */
  accept(ws: WebSocket): WsConnection {
    const connection = new WsConnection(ws, {
      register: (c, envelope) => this.register(c, envelope),
      lateCallback: (c, id, status) => c.functionName && this.lateCallback(c.functionName, id, status),
      closed: (c) => {
        this.all.delete(c);
        this.unregister(c);
      },
    });
    this.all.add(connection);
    return connection;
  }

  private register(connection: WsConnection, envelope: Envelope): void {
    if (connection.functionName) this.unregister(connection);
    const registration = parseRegister(envelope.payload);
    const existing = registration ? this.byName.get(registration.functionName) : undefined;
    const error = registrationError(registration, this.registry.orchestratedNames(), existing?.configuration);
    if (error === null && registration) {
      const fn = existing ?? { name: registration.functionName, configuration: registration.configuration, connections: [], rr: 0, entry: null };
      fn.connections.push(connection);
      this.byName.set(fn.name, fn);
      connection.functionName = fn.name;
      this.changed();
      this.logger.info(`WebSocket client ${connection.id} registered as function '${fn.name}' (${fn.connections.length} connection(s))`);
    } else {
      this.logger.warn(`WebSocket registration refused: ${error}`);
    }
    const payload = { success: error === null, error, connectionId: error === null ? connection.id : '' };
    connection.sendText(encodeEnvelope(MessageType.RegisterResponse, envelope.correlationId, payload)).catch(() => undefined);
  }

  private unregister(connection: WsConnection): void {
    const name = connection.functionName;
    connection.functionName = null;
    const fn = name === null ? undefined : this.byName.get(name);
    if (!fn) return;
    const i = fn.connections.indexOf(connection);
    if (i >= 0) fn.connections.splice(i, 1);
    if (fn.connections.length === 0) this.byName.delete(fn.name);
    this.changed();
    this.logger.info(`WebSocket client ${connection.id} of function '${fn.name}' disconnected`);
  }

  private changed(): void {
    this.cached = null;
    for (const fn of this.byName.values()) fn.entry = null;
    this.registry.notifyChange();
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  functions(): WsFunction[] {
    return [...this.byName.values()];
  }

  get(name: string): WsFunction | undefined {
    return this.byName.get(name);
  }

  list(): FunctionEntry[] {
    this.cached ??= this.functions().map((fn) => (fn.entry ??= this.entryOf(fn)));
    return this.cached;
  }

  private entryOf(fn: WsFunction): FunctionEntry {
    const live = fn.connections;
    const transport: VirtualTransport = {
      kind: 'websocket',
      sync: (req, res, path, query) => this.syncHandler(fn.name, req, res, path, query),
      publish: (event) => this.publish(fn.name, event),
    };
    return {
      name: fn.name,
      workload: {
        name: fn.name,
        kind: 'WebSocket',
        replicas: live.length,
        annotations: {},
        pods: live.map((c) => ({ name: `ws-${c.id.slice(0, 8)}`, ip: c.id, ports: [], started: true, ready: true, failureReason: '' })),
        resources: null,
      },
      config: virtualFunctionConfig(fn.configuration, live.length),
      virtual: transport,
    };
  }

  /** Round-robin over live connections, skipping those at `NumberParallelRequestPerPod` (§11.4); `extra` counts choices not yet active. */
  select(name: string, extra: Map<WsConnection, number> = new Map()): WsConnection | null {
    const fn = this.byName.get(name);
    if (!fn) return null;
    const live = fn.connections.filter((c) => c.isOpen);
    const perPod = Math.max(1, fn.configuration.numberParallelRequestPerPod);
    const start = fn.rr++;
    for (let i = 0; i < live.length; i++) {
      const candidate = live[(start + i) % live.length]!;
      if (candidate.active + (extra.get(candidate) ?? 0) < perPod) return candidate;
    }
    return null;
  }

  private publish(name: string, event: VirtualEvent): void {
    const fn = this.byName.get(name);
    if (!fn) return;
    const payload = {
      eventName: event.eventName,
      method: event.method,
      path: event.path,
      query: event.query,
      headers: event.headers,
      body: event.body.length > 0 ? event.body.toString('base64') : null,
    };
    const text = encodeEnvelope(MessageType.PublishEvent, randomUUID().replace(/-/g, ''), payload);
    for (const connection of fn.connections) connection.sendText(text).catch(() => undefined);
  }

  /** Keep-alive pass over every connection (registered or not). */
  heartbeat(): void {
    for (const connection of this.all) connection.heartbeat();
  }

  closeAll(): void {
    for (const connection of this.all) connection.close();
  }
}
