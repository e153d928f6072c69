/** The job-run attribution signature (platform.md §2.4.11): hex HMAC-SHA256 of the run name keyed with the supervisor token. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header naming the job run a request comes from (set only by the run's gateway). */
export const JOB_RUN_HEADER = 'X-SlimFaas-Job';
/** Header carrying `jobRunSignature(run name, supervisor token)`. */
export const JOB_SIGNATURE_HEADER = 'X-SlimFaas-Job-Signature';

/** Lower-case hex HMAC-SHA256 of `runName` (UTF-8), keyed with `token` (the token string's UTF-8 bytes). */
export function jobRunSignature(runName: string, token: string): string {
  return createHmac('sha256', token).update(runName, 'utf8').digest('hex');
}

/** True when `signature` is the signature of `runName` under `token` (constant-time comparison). */
export function verifyJobRunSignature(runName: string, signature: string, token: string): boolean {
  const expected = Buffer.from(jobRunSignature(runName, token), 'utf8');
  const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
