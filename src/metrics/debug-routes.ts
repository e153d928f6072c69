/**
 * The autoscaling debug routes (autoscaling.md §7): `POST /debug/promql/eval` evaluates a query
 * over the scraped series exactly as a trigger would see them, and `GET /debug/store` describes
 * the store. Answers and error bodies are upstream's; a wrong content type is 415, a body that is
 * not a JSON object with a `query` property is 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { evaluateInstantOn, parsePromql, PromqlEvalError, PromqlError, resultAsNumber, type ParsedPromql } from '../promql/index.js';
import { send, sendJson, drain } from '../gateway/http-util.js';
import { isJsonContentType, readJsonBody } from '../gateway/json-body.js';
import type { SeriesStore } from './series/series-store.js';
import type { RequestedNames } from './scrape/requested-names.js';

const MAX_BODY_BYTES = 64 * 1024;
const NOT_FINITE = 'PromQL result is NaN or Infinity (probably no data or division by zero).';

export interface DebugDeps {
  series: SeriesStore;
  names: RequestedNames;
  /** Turns scraping on for good (§5.2 step 3). */
  enableScraping: () => void;
  /** Deployment keys every scope includes (SlimFaas's nodes, `SlimFaas/SharedMetrics` functions). */
  shared: () => readonly string[];
}

export async function handlePromqlEval(deps: DebugDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isJsonContentType(req)) {
    drain(req);
    return sendJson(res, 415, { error: 'Content-Type must be application/json.' });
  }
  const document = await readJsonBody(req, MAX_BODY_BYTES);
  if (typeof document !== "object" || document === null || Array.isArray(document)) return sendJson(res, 400, { error: "The body must be a JSON object." });
  const body = document as Record<string, unknown>;
  const field = (name: string) => Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase());
  const queryField = field('query');
  if (!queryField) return sendJson(res, 400, { error: 'The query property is required.' });
  const now = field('nowUnixSeconds')?.[1] ?? null;
  const deployment = field('deployment')?.[1] ?? null;
  if (now !== null && !Number.isInteger(now)) return sendJson(res, 400, { error: 'nowUnixSeconds must be an integer or null.' });
  if (deployment !== null && typeof deployment !== 'string') return sendJson(res, 400, { error: 'deployment must be a string or null.' });
  if (queryField[1] !== null && typeof queryField[1] !== 'string') return sendJson(res, 400, { error: 'query must be a string.' });
  const query = (queryField[1] as string | null) ?? '';

  deps.enableScraping();
  if (query.trim() === '') return sendJson(res, 400, { error: 'query is required' });
  // Debug queries are parsed each time, not cached: their text is the caller's, unbounded.
  let parsed: ParsedPromql | null = null;
  let parseError = '';
  try {
    parsed = parsePromql(query);
    deps.names.add(parsed);
  } catch (err) {
    deps.names.addText(query);
    parseError = (err as Error).message;
  }
  const latest = deps.series.latestMs;
  if (latest === null) return sendJson(res, 400, { error: NOT_FINITE });
  if (!parsed) return sendJson(res, 400, { error: parseError });
  const scope = typeof deployment === 'string' ? new Set([deployment, ...deps.shared()]) : undefined;
  const atMs = typeof now === 'number' ? now * 1000 : latest;
  let value: number | undefined;
  try {
    value = resultAsNumber(evaluateInstantOn(deps.series.source(scope), parsed, atMs));
  } catch (err) {
    if (err instanceof PromqlError && !(err instanceof PromqlEvalError)) return sendJson(res, 400, { error: err.message });
    const problem = { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.1', title: 'Evaluation error', status: 500, detail: (err as Error).message };
    return send(res, 500, JSON.stringify(problem), { 'content-type': 'application/problem+json' });
  }
  if (value === undefined || !Number.isFinite(value)) return sendJson(res, 400, { error: NOT_FINITE });
  sendJson(res, 200, { value });
}

export function handleDebugStore(deps: DebugDeps, req: IncomingMessage, res: ServerResponse): void {
  drain(req);
  const { timestampBuckets, points } = deps.series.stats();
  sendJson(res, 200, { requestedMetricNames: deps.names.list(), timestampBuckets, seriesCount: points, totalPoints: points });
}
