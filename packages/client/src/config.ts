/** Client configuration and options with their documented defaults, and their exact mapping onto the `Register` payload (functions.md §11.2, §13). */

/** Visibility of a function, a path prefix or an event subscription. */
export type Visibility = 'Public' | 'Private';
/** Trust of the function's callers (WebSocket connections themselves are never trusted). */
export type Trust = 'Trusted' | 'Untrusted';

/** One event subscription; without `visibility` it inherits `defaultVisibility` on the server. */
export interface SubscribeEvent {
  name: string;
  visibility?: Visibility;
}

/** A visibility rule for calls whose path starts with `path`. */
export interface PathVisibility {
  path: string;
  /** Default `Public`. */
  visibility?: Visibility;
}

/**
 * What the client registers as (the equivalent of a Deployment's `SlimFaas/*` annotations). Every
 * client registering the same `functionName` must send the same configuration, or the server refuses
 * the registration.
 */
export interface SlimFaasClientConfig {
  /** The function name callers use (`/function/<name>/…`, `/async-function/<name>/…`). Required. */
  functionName: string;
  /** `SlimFaas/DependsOn`. Default `[]`. */
  dependsOn?: string[];
  /** `SlimFaas/SubscribeEvents`. Default `[]`. */
  subscribeEvents?: SubscribeEvent[];
  /** `SlimFaas/DefaultVisibility`. Default `Public`. */
  defaultVisibility?: Visibility;
  /** `SlimFaas/PathsStartWithVisibility`. Default `[]`. */
  pathsStartWithVisibility?: PathVisibility[];
  /** `SlimFaas/Configuration` (compared between clients, not applied by the server). Default `""`. */
  configuration?: string;
  /** `SlimFaas/ReplicasStartAsSoonAsOneFunctionRetrieveARequest`. Default `false`. */
  replicasStartAsSoonAsOneFunctionRetrieveARequest?: boolean;
  /** `SlimFaas/NumberParallelRequest`: in-flight requests over all connections. Default `10`. */
  numberParallelRequest?: number;
  /** `SlimFaas/NumberParallelRequestPerPod`: in-flight requests per connection. Default `10`. */
  numberParallelRequestPerPod?: number;
  /** `SlimFaas/DefaultTrust`. Default `Trusted`. */
  defaultTrust?: Trust;
}

/** Where the client reports what happens; every method is optional. */
export interface SlimFaasLogger {
  debug?(message: string, ...details: unknown[]): void;
  info?(message: string, ...details: unknown[]): void;
  warn?(message: string, ...details: unknown[]): void;
  error?(message: string, ...details: unknown[]): void;
}

/** Connection behaviour. */
export interface SlimFaasClientOptions {
  /** Delay before reconnecting after a disconnect or a failed connection attempt. Default `5000` ms. */
  reconnectDelayMs?: number;
  /** Interval of `Ping` messages; `0` disables them. Default `30000` ms. */
  pingIntervalMs?: number;
  /** Deadline for the `RegisterResponse` after the socket opened; past it the attempt counts as a disconnect. Default `30000` ms. */
  registerTimeoutMs?: number;
  /** Buffered bytes of one request body above which the connection stops reading until the handler consumes them. Default 1 MiB. */
  bodyHighWaterMark?: number;
  /** Bytes queued on the socket above which `write()` waits for them to be flushed. Default 1 MiB. */
  sendHighWaterMark?: number;
  /** Largest binary response frame payload; larger writes are split. Default 64 KiB. */
  maxChunkSize?: number;
  /** Largest accepted incoming message (ws `maxPayload`); `0` = unlimited (large async bodies arrive base64-encoded in one message). Default `0`. */
  maxMessageBytes?: number;
  /** Default: warnings and errors on the console, nothing else. */
  logger?: SlimFaasLogger;
}

/** Options with their defaults applied. */
export type ResolvedOptions = Required<Omit<SlimFaasClientOptions, 'logger'>> & { logger: SlimFaasLogger };

const consoleLogger: SlimFaasLogger = {
  warn: (message, ...details) => console.warn(`[slimfaas-client] ${message}`, ...details),
  error: (message, ...details) => console.error(`[slimfaas-client] ${message}`, ...details),
};

export function resolveOptions(options: SlimFaasClientOptions = {}): ResolvedOptions {
  return {
    reconnectDelayMs: options.reconnectDelayMs ?? 5000,
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
    registerTimeoutMs: options.registerTimeoutMs ?? 30_000,
    bodyHighWaterMark: options.bodyHighWaterMark ?? 1024 * 1024,
    sendHighWaterMark: options.sendHighWaterMark ?? 1024 * 1024,
    maxChunkSize: options.maxChunkSize ?? 64 * 1024,
    maxMessageBytes: options.maxMessageBytes ?? 0,
    logger: options.logger ?? consoleLogger,
  };
}

/** The `Register` payload, field names exactly as the server reads them (§11.2). */
export function toRegisterPayload(config: SlimFaasClientConfig): Record<string, unknown> {
  return {
    functionName: config.functionName,
    configuration: {
      dependsOn: config.dependsOn ?? [],
      subscribeEvents: (config.subscribeEvents ?? []).map((e) => ({ name: e.name, visibility: e.visibility ?? null })),
      defaultVisibility: config.defaultVisibility ?? 'Public',
      pathsStartWithVisibility: (config.pathsStartWithVisibility ?? []).map((p) => ({ path: p.path, visibility: p.visibility ?? 'Public' })),
      configuration: config.configuration ?? '',
      replicasStartAsSoonAsOneFunctionRetrieveARequest: config.replicasStartAsSoonAsOneFunctionRetrieveARequest ?? false,
      numberParallelRequest: config.numberParallelRequest ?? 10,
      numberParallelRequestPerPod: config.numberParallelRequestPerPod ?? 10,
      defaultTrust: config.defaultTrust ?? 'Trusted',
    },
  };
}
