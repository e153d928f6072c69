/**
 * Data ids (data.md §1.1): what a valid id is, the reserved internal form of data files, and
 * generated ids (32 lowercase hex characters).
 */
import { randomUUID } from 'node:crypto';

const VALID_ID = /^[A-Za-z0-9._-]{1,200}$/;
/** Ids used internally for offloaded queue payloads: `sf-internal-<non-empty>-internal`. */
const RESERVED_FILE_ID = /^sf-internal-.+-internal$/s;

export const INVALID_ID = 'Invalid id.';

export function isValidId(id: string): boolean {
  return VALID_ID.test(id);
}

export function isReservedFileId(id: string): boolean {
  return RESERVED_FILE_ID.test(id);
}

export function generateId(): string {
  return randomUUID().replace(/-/g, '');
}

/** The id given in a query (`?id=`), or a generated one when absent or blank. */
export function idOrGenerated(given: string | undefined): string {
  return given === undefined || given.trim() === '' ? generateId() : given;
}
