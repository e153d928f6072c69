/** Everything a route handler needs, built once by the composition root (src/node.ts). */
import type { AsyncResultsStore } from '../async-results/async-results-store.js';
import type { IncomingMessage } from 'node:http';
import type { Store } from '../store/store.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { ActivityTracker } from '../scaling/activity-tracker.js';
import type { Logger } from '../logging.js';
import type { UpstreamClient } from '../proxy/upstream-client.js';
import type { TargetSelector } from '../proxy/target-selector.js';
import type { WakeCoalescer } from './wake-coalescer.js';
import type { ColdStartAdmission } from './cold-start-admission.js';
import type { BodySpool } from '../queue/body-spool.js';
import type { Cidr } from './trust.js';
import type { NetworkActivity } from '../status/network-activity.js';
import { isInternalCaller } from './trust.js';

export interface GatewayOptions {
  namespace: string;
  baseFunctionUrl: string;
  baseFunctionPodUrl: string;
  maxRequestBodySize: number;
  corsAllowOrigin: string;
  trustedProxies: Cidr[];
  /** Public ports: function, status and event routes answer 404 on any other port. */
  publicPorts: Set<number>;
  /** This node's name (`HOSTNAME`): the owner recorded with the bodies it spools. */
  nodeName: string;
}

export interface GatewayContext {
  options: GatewayOptions;
  store: Store;
  registry: FunctionRegistry;
  activity: ActivityTracker;
  client: UpstreamClient;
  selector: TargetSelector;
  wake: WakeCoalescer;
  /** Sync calls waiting for a function with no ready replica, per function (this node only). */
  coldStarts: ColdStartAdmission;
  /** Async request bodies too large to stay inline. */
  spool: BodySpool;
  /** Activity recorded for the dashboard (src/status; records nothing when the front is disabled). */
  network: NetworkActivity;
  logger: Logger;
  /** Status and result of async calls (src/async-results/); absent in tests that do not need them. */
  asyncResults?: AsyncResultsStore;
  /** `SlimFaas__AsyncCallbackAllowedHosts`: hosts an external caller may name in `X-Callback-Url`. */
  asyncCallbackAllowedHosts?: readonly string[];
}

/** Internal caller per decision 5: exact IP match; X-Forwarded-For only behind a trusted proxy. */
export function callerIsInternal(ctx: GatewayContext, req: IncomingMessage): boolean {
  return isInternalCaller({
    peerAddress: req.socket.remoteAddress ?? '',
    forwardedFor: req.headers['x-forwarded-for'],
    trustedIps: ctx.registry.trustedIps,
    trustedProxies: ctx.options.trustedProxies,
  });
}
