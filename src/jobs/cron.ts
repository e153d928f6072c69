/**
 * Job cron schedules (jobs.md §8.2): exactly 5 numeric UTC fields (`*`, numbers, ranges, lists,
 * steps), parsed by croner with upstream's quirks (`0/n` is `*\/n`, `5/15` is only 5, `7` never
 * matches a day, day-of-month OR day-of-week). Gives the latest occurrence at or before the
 * current minute and the next one after it, both within 366 days.
 */
import { Cron } from 'croner';

const TOKEN = /^(\*|\d+(-\d+)?)(\/\d+)?$/;
const MINUTE_MS = 60_000;
const DAYS_366_MS = 366 * 24 * 3600_000;

type Compiled = { ok: true; cron: Cron; neverMatches: boolean } | { ok: false; error: string };

function compile(expression: string): Compiled {
  const fields = expression.trim().split(/\s+/).filter((field) => field !== '');
  if (fields.length === 0) return { ok: false, error: 'it is empty' };
  if (fields.length !== 5) return { ok: false, error: 'it must have exactly 5 fields' };
  const rewritten: string[] = [];
  for (const field of fields) {
    const tokens = field.split(',');
    if (tokens.some((token) => !TOKEN.test(token))) return { ok: false, error: `field '${field}' is not supported` };
    // `0/n` means `*/n`; a step on a single non-zero start yields only that start (upstream quirk).
    rewritten.push(tokens.map((token) => token.replace(/^0\//, '*/').replace(/^(\d+)\/\d+$/, '$1')).join(','));
  }
  // `7` is not an alias of Sunday: it never matches a day.
  const neverMatches = fields[2] === '*' && fields[4]!.split(',').every((token) => token === '7');
  try {
    return { ok: true, cron: new Cron(rewritten.join(' '), { paused: true, mode: '5-part', timezone: 'UTC' }), neverMatches };
  } catch (error) {
    return { ok: false, error: (error as Error).message.replace(/^CronPattern: /, '') };
  }
}

/** Returns why `expression` is not a valid schedule, or undefined when it is. */
export function cronError(expression: string): string | undefined {
  const compiled = compile(expression);
  if (!compiled.ok) return compiled.error;
  const next = compiled.neverMatches ? null : compiled.cron.nextRun();
  compiled.cron.stop();
  return next ? undefined : 'it has no occurrence';
}

const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/** Latest occurrence at or before `nowMs` truncated to the minute (unix ms), within 366 days; else null. */
export function latestOccurrence(expression: string, nowMs: number): number | null {
  const compiled = compile(expression);
  if (!compiled.ok || compiled.neverMatches) return null;
  const [previous] = compiled.cron.previousRuns(1, new Date(minuteOf(nowMs) + 1));
  const at = previous?.getTime();
  return at !== undefined && at >= nowMs - DAYS_366_MS ? at : null;
}

/** Next occurrence strictly after the current minute (unix ms), within 366 days; else null. */
export function nextOccurrence(expression: string, nowMs: number): number | null {
  const compiled = compile(expression);
  if (!compiled.ok || compiled.neverMatches) return null;
  const next = compiled.cron.nextRun(new Date(minuteOf(nowMs)))?.getTime();
  return next !== undefined && next <= nowMs + DAYS_366_MS ? next : null;
}
