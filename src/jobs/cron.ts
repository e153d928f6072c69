// Validates a job schedule's cron expression with the syntax of jobs.md §8.2 (5 numeric UTC fields).
import { Cron } from 'croner';

const TOKEN = /^(\*|\d+(-\d+)?)(\/\d+)?$/;

/** Returns why `expression` is not a valid schedule, or undefined when it is. */
export function cronError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter((field) => field !== '');
  if (fields.length === 0) return 'it is empty';
  if (fields.length !== 5) return 'it must have exactly 5 fields';
  const rewritten: string[] = [];
  for (const field of fields) {
    const tokens = field.split(',');
    if (tokens.some((token) => !TOKEN.test(token))) return `field '${field}' is not supported`;
    // `0/n` means `*/n`; a step on a single non-zero start yields only that start (upstream quirk).
    rewritten.push(tokens.map((token) => token.replace(/^0\//, '*/').replace(/^(\d+)\/\d+$/, '$1')).join(','));
  }
  // `7` is not an alias of Sunday: it never matches a day.
  if (fields[2] === '*' && fields[4]!.split(',').every((token) => token === '7')) return 'it has no occurrence';
  try {
    const cron = new Cron(rewritten.join(' '), { paused: true, mode: '5-part', timezone: 'UTC' });
    const next = cron.nextRun();
    cron.stop();
    return next ? undefined : 'it has no occurrence';
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
}
