/** Job name rules (jobs.md §3.1) and run names (`<definition>-slimfaas-job-<8 chars [0-9a-z]>`, §4.1 step 7). */
import { randomInt } from 'node:crypto';

export const NAME_ERROR = 'Function name must match pattern [a-z0-9_-] and be between 3 and 30 characters';
const NAME = /^[a-z0-9_-]{3,30}$/;
const RUN_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** The lower-cased name, or null when it breaks the rule. */
export function validJobName(raw: string): string | null {
  const name = raw.toLowerCase();
  return NAME.test(name) ? name : null;
}

export function newRunName(definition: string): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += RUN_ALPHABET[randomInt(RUN_ALPHABET.length)];
  return `${definition}-slimfaas-job-${suffix}`;
}

/** The definition a run name belongs to (text before `-slimfaas-job-`), or null for foreign jobs. */
export function definitionOfRun(runName: string): string | null {
  const at = runName.indexOf('-slimfaas-job-');
  return at < 0 ? null : runName.slice(0, at);
}
