/** What the async dispatcher and routes need from async results: capture cap and status transitions. */
import type { FunctionEntry } from '../functions/function-registry.js';
import type { CapturedResponse } from '../proxy/upstream-client.js';
import type { CapturedRequest } from '../queue/captured-request.js';
import type { QueueElement } from '../store/store.js';

/** `request`: the element's decoded captured request, null when its value is not one. */
export interface AsyncResultsHook {
  /** Bytes of response body to capture for this element, or null (results off and no caller callback). */
  captureLimit(entry: FunctionEntry, request: CapturedRequest | null): number | null;
  /** Whether the function keeps statuses (results on): `started` and `ended` are called only then. */
  tracksStatus(entry: FunctionEntry): boolean;
  started(fn: string, id: string, tryNumber: number): void;
  /** The attempt ended with `code` (not called in 202 mode: the attempt stays running). */
  ended(fn: string, id: string, code: number, response?: CapturedResponse, deadLettered?: boolean): Promise<void>;
  /** An element ended with failure `code`: kept as a dead letter (its spooled body stays) → true. */
  deadLetter(entry: FunctionEntry, element: QueueElement, code: number): Promise<boolean>;
  /** The element ended with `code` after its last attempt took `durationMs`: the caller callback, if any (not awaited). */
  finished(entry: FunctionEntry, element: QueueElement, request: CapturedRequest | null, code: number, durationMs: number, response?: CapturedResponse): void;
}
