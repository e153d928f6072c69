/**
 * Compares an OpenAPI document with the routes a server dispatches (`RouteShape`s), both ways, and
 * checks what the JSON schema of OpenAPI does not: path parameters, operation ids, `$ref`s, summaries.
 */
import type { RouteShape } from '../gateway/http-server.js';
import { METHODS } from './types.js';

const ALL_METHODS = METHODS.map((m) => m.toUpperCase());

export interface DocumentedOperation {
  path: string;
  method: string;
  /** `x-any-method`: the route answers every method the same way. */
  anyMethod: boolean;
}

type Doc = { paths?: Record<string, Record<string, unknown>> };

export function documentedOperations(document: Doc): DocumentedOperation[] {
  const out: DocumentedOperation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (op) out.push({ path, method: method.toUpperCase(), anyMethod: op['x-any-method'] === true });
    }
  }
  return out;
}

/** A concrete request path for a template: each `{param}` becomes one segment. */
const concretePath = (template: string): string => template.replace(/\{[^}]+\}/g, 'p');

const same = (a: RouteShape, b: RouteShape) => a.path === b.path && Boolean(a.prefix) === Boolean(b.prefix);

/**
 * The route that serves `pathname`, as the server picks it: `/metrics`, then the registered routes,
 * then the other built-in ones; in each tier an exact path first, then the first prefix route.
 */
function resolveRoute(routes: readonly RouteShape[], builtins: readonly RouteShape[], pathname: string): RouteShape | undefined {
  const isBuiltin = (r: RouteShape) => builtins.some((b) => same(b, r));
  const tiers = [
    routes.filter((r) => isBuiltin(r) && r.path === '/metrics'),
    routes.filter((r) => !isBuiltin(r)),
    routes.filter((r) => isBuiltin(r) && r.path !== '/metrics'),
  ];
  for (const tier of tiers) {
    const found = tier.find((r) => !r.prefix && r.path === pathname) ?? tier.find((r) => r.prefix && (pathname === r.path || pathname.startsWith(`${r.path}/`)));
    if (found) return found;
  }
  return undefined;
}

const admits = (route: RouteShape, method: string) => route.methods === 'any' || route.methods.has(method);
const key = (r: RouteShape) => `${r.path}${r.prefix ? '/…' : ''}`;

export interface Drift {
  /** `GET /x` or `/x/… (any method)`: served, not documented. */
  undocumented: string[];
  /** Documented, not served (no route, or the route does not admit the method). */
  unserved: Array<{ path: string; method: string; reason?: string }>;
}

/**
 * Documented → served: each operation's concrete path resolves to a route admitting its method.
 * Served → documented: each route has operations resolving to it; a route with explicit methods
 * needs each documented; one admitting any method (`'any'`) needs GET; a registered route that
 * admits every HTTP method dispatches the methods itself (data, jobs, `/ws`: 405 inside) and needs
 * at least one. The built-in routes (`strict`) need every admitted method documented.
 */
export function findDrift(document: Doc, routes: readonly RouteShape[], strict: readonly RouteShape[]): Drift {
  const ops = documentedOperations(document);
  const unserved: Drift['unserved'] = [];
  const byRoute = new Map<RouteShape, Set<string>>();
  for (const op of ops) {
    const route = resolveRoute(routes, strict, concretePath(op.path));
    if (!route) {
      unserved.push({ path: op.path, method: op.method, reason: 'no route' });
      continue;
    }
    if (!op.anyMethod && !admits(route, op.method)) unserved.push({ path: op.path, method: op.method, reason: `${key(route)} does not admit ${op.method}` });
    if (op.anyMethod && route.methods !== 'any' && !ALL_METHODS.every((m) => admits(route, m))) unserved.push({ path: op.path, method: op.method, reason: `x-any-method, but ${key(route)} admits only some methods` });
    const methods = byRoute.get(route) ?? new Set<string>();
    methods.add(op.method);
    byRoute.set(route, methods);
  }
  const undocumented: string[] = [];
  const isStrict = (r: RouteShape) => strict.some((b) => same(b, r));
  for (const route of routes) {
    const documented = byRoute.get(route) ?? new Set<string>();
    if (route.methods === 'any') {
      if (!documented.has('GET')) undocumented.push(`GET ${key(route)} (answers any method)`);
      continue;
    }
    const dispatchesItself = !isStrict(route) && ALL_METHODS.every((m) => admits(route, m));
    if (dispatchesItself) {
      if (documented.size === 0) undocumented.push(`${key(route)} (any method)`);
      continue;
    }
    for (const method of route.methods) if (!documented.has(method)) undocumented.push(`${method} ${key(route)}`);
  }
  return { undocumented, unserved };
}

/** What the OpenAPI schema does not check; empty when the document is sound. */
export function structuralProblems(document: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) problems.push(`${path}: does not start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const shared = ((item.parameters ?? []) as Array<{ name: string; in: string }>);
    for (const method of METHODS) {
      const op = item[method] as { operationId?: string; summary?: string; parameters?: Array<{ name: string; in: string }>; responses?: object } | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.summary) problems.push(`${where}: no summary`);
      if (!op.operationId) problems.push(`${where}: no operationId`);
      else if (ids.has(op.operationId)) problems.push(`${where}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`);
      else ids.set(op.operationId, where);
      if (!op.responses || Object.keys(op.responses).length === 0) problems.push(`${where}: no responses`);
      const declared = [...shared, ...(op.parameters ?? [])].filter((p) => p.in === 'path').map((p) => p.name);
      for (const name of templated) if (!declared.includes(name)) problems.push(`${where}: path parameter {${name}} is not declared`);
      for (const name of declared) if (!templated.includes(name)) problems.push(`${where}: path parameter ${name} is not in the path`);
    }
  }
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && resolvePointer(document, v) === undefined) problems.push(`$ref ${v} does not resolve`);
      else visit(v);
    }
  };
  visit(document);
  return problems;
}

function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}
