/**
 * WebSocket registration rules (functions.md §11.2–§11.3), pure: the `Register` payload with its
 * defaults, the three refusals with their exact texts, the configuration comparison between
 * clients of one name, and the virtual function configuration the rest of SlimFaas sees.
 */
import type { FunctionConfig, Visibility, VisibilityEntry } from '../model/function-config.js';
import { defaultConfiguration, defaultSchedule } from '../model/parse-annotations.js';
import { field } from './ws-protocol.js';

export interface WsConfiguration {
  dependsOn: string[];
  subscribeEvents: Array<{ name: string; visibility: string | null }>;
  defaultVisibility: string;
  pathsStartWithVisibility: Array<{ path: string; visibility: string }>;
  configuration: string;
  replicasStartAsSoonAsOneFunctionRetrieveARequest: boolean;
  numberParallelRequest: number;
  numberParallelRequestPerPod: number;
  defaultTrust: string;
}

export interface WsRegistration {
  functionName: string;
  configuration: WsConfiguration;
}

export const INVALID_PAYLOAD = 'Invalid register payload: functionName is required.';
export const orchestratedCollision = (name: string) =>
  `Function '${name}' is already declared as a Kubernetes deployment. WebSocket clients cannot use the same name as an existing Kubernetes function.`;
export const configurationMismatch = (name: string) =>
  `Function '${name}' already has registered clients with a different configuration. All WebSocket clients with the same function name must share the same configuration.`;

export function defaultWsConfiguration(): WsConfiguration {
  return {
    dependsOn: [],
    subscribeEvents: [],
    defaultVisibility: 'Public',
    pathsStartWithVisibility: [],
    configuration: '',
    replicasStartAsSoonAsOneFunctionRetrieveARequest: false,
    numberParallelRequest: 10,
    numberParallelRequestPerPod: 10,
    defaultTrust: 'Trusted',
  };
}

class Invalid extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Record<string, unknown>, key: string, fallback: string): string {
  const v = field(o, key);
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new Invalid();
  return v;
}

function list<T>(o: Record<string, unknown>, key: string, item: (v: unknown) => T): T[] {
  const v = field(o, key);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Invalid();
  return v.map(item);
}

function parseConfiguration(raw: unknown): WsConfiguration {
  const d = defaultWsConfiguration();
  if (raw === undefined || raw === null) return d;
  if (!isObject(raw)) throw new Invalid();
  const int = (key: string, fallback: number) => {
    const v = field(raw, key);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new Invalid();
    return v;
  };
  const flag = field(raw, 'replicasStartAsSoonAsOneFunctionRetrieveARequest');
  if (flag !== undefined && typeof flag !== 'boolean') throw new Invalid();
  return {
    dependsOn: list(raw, 'dependsOn', (v) => {
      if (typeof v !== 'string') throw new Invalid();
      return v;
    }),
    subscribeEvents: list(raw, 'subscribeEvents', (v) => {
      if (!isObject(v)) throw new Invalid();
      const visibility = field(v, 'visibility');
      if (visibility !== undefined && visibility !== null && typeof visibility !== 'string') throw new Invalid();
      return { name: str(v, 'name', ''), visibility: visibility ?? null };
    }),
    defaultVisibility: str(raw, 'defaultVisibility', d.defaultVisibility),
    pathsStartWithVisibility: list(raw, 'pathsStartWithVisibility', (v) => {
      if (!isObject(v)) throw new Invalid();
      return { path: str(v, 'path', ''), visibility: str(v, 'visibility', 'Public') };
    }),
    configuration: str(raw, 'configuration', d.configuration),
    replicasStartAsSoonAsOneFunctionRetrieveARequest: flag ?? d.replicasStartAsSoonAsOneFunctionRetrieveARequest,
    numberParallelRequest: int('numberParallelRequest', d.numberParallelRequest),
    numberParallelRequestPerPod: int('numberParallelRequestPerPod', d.numberParallelRequestPerPod),
    defaultTrust: str(raw, 'defaultTrust', d.defaultTrust),
  };
}

/** The `Register` payload, or null when it is missing, malformed or has a blank `functionName`. */
export function parseRegister(payload: unknown): WsRegistration | null {
  if (!isObject(payload)) return null;
  try {
    const functionName = str(payload, 'functionName', '');
    if (functionName.trim() === '') return null;
    return { functionName, configuration: parseConfiguration(field(payload, 'configuration')) };
  } catch (err) {
    if (err instanceof Invalid) return null;
    throw err;
  }
}

const byKey = <T>(items: T[], key: (t: T) => string) => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Equal per §11.2: scalars, and the three lists compared order-insensitively. */
export function sameConfiguration(a: WsConfiguration, b: WsConfiguration): boolean {
  const scalars: Array<keyof WsConfiguration> = [
    'defaultVisibility', 'defaultTrust', 'numberParallelRequest', 'numberParallelRequestPerPod',
    'replicasStartAsSoonAsOneFunctionRetrieveARequest', 'configuration',
  ];
  if (scalars.some((k) => a[k] !== b[k])) return false;
  const events = (c: WsConfiguration) => JSON.stringify(byKey(c.subscribeEvents, (e) => e.name).map((e) => [e.name, e.visibility]));
  const paths = (c: WsConfiguration) => JSON.stringify(byKey(c.pathsStartWithVisibility, (p) => p.path).map((p) => [p.path, p.visibility]));
  const deps = (c: WsConfiguration) => JSON.stringify([...c.dependsOn].sort());
  return events(a) === events(b) && paths(a) === paths(b) && deps(a) === deps(b);
}

/**
 * The refusal text for a registration, or null when it is accepted. `orchestrated`: names of the
 * orchestrated functions; `existing`: the configuration live clients of that name registered.
 */
export function registrationError(registration: WsRegistration | null, orchestrated: Iterable<string>, existing: WsConfiguration | undefined): string | null {
  if (!registration) return INVALID_PAYLOAD;
  const name = registration.functionName;
  const lower = name.toLowerCase();
  for (const other of orchestrated) if (other.toLowerCase() === lower) return orchestratedCollision(name);
  if (existing && !sameConfiguration(existing, registration.configuration)) return configurationMismatch(name);
  return null;
}

const visibilityOf = (value: string | null | undefined, fallback: Visibility): Visibility => {
  if (value === null || value === undefined || value.trim() === '') return fallback;
  return value.toLowerCase() === 'private' ? 'Private' : 'Public';
};

/** The function configuration of a virtual function with `connections` live connections (§11.3). */
export function virtualFunctionConfig(c: WsConfiguration, connections: number): FunctionConfig {
  const defaultVisibility = visibilityOf(c.defaultVisibility, 'Public');
  const subscribeEvents: VisibilityEntry[] = c.subscribeEvents.map((e) => ({ value: e.name, visibility: visibilityOf(e.visibility, defaultVisibility) }));
  return {
    replicasMin: 0,
    replicasAtStart: connections,
    timeoutSecondBeforeSetReplicasMin: 0,
    numberParallelRequest: Math.max(1, c.numberParallelRequest),
    numberParallelRequestPerPod: Math.max(1, c.numberParallelRequestPerPod),
    replicasStartAsSoonAsOneFunctionRetrieveARequest: c.replicasStartAsSoonAsOneFunctionRetrieveARequest,
    dependsOn: [...c.dependsOn],
    subscribeEvents,
    defaultVisibility,
    pathsStartWithVisibility: c.pathsStartWithVisibility.map((p) => ({ value: p.path, visibility: visibilityOf(p.visibility, 'Public') })),
    defaultTrust: c.defaultTrust.toLowerCase() === 'untrusted' ? 'Untrusted' : 'Trusted',
    configuration: defaultConfiguration(),
    schedule: defaultSchedule(),
    scale: null,
  };
}
