/**
 * Store failures on data-set writes and counters as upstream's problems (data.md §1.3, §3.4):
 * a failed counter command is 409 `Key/value command failed`, a too-large item 413, a busy store
 * 429, an unavailable one 503. Anything else is rethrown (the server answers it without a 500).
 */
import type { ServerResponse } from 'node:http';
import { StoreError } from '../../store/store.js';
import { sendProblem, TOO_LARGE_DETAIL } from '../responses.js';

export function answerStoreProblem(res: ServerResponse, error: unknown): void {
  if (!(error instanceof StoreError)) throw error;
  switch (error.code) {
    case 'not-integer':
    case 'overflow':
      return sendProblem(res, 409, 'Key/value command failed', error.message);
    case 'too-large':
      return sendProblem(res, 413, 'Payload too large', TOO_LARGE_DETAIL);
    case 'busy':
      return sendProblem(res, 429, 'SlimData is busy', 'The store is busy; retry later.');
    case 'unavailable':
      return sendProblem(res, 503, 'SlimData is unavailable', 'The store is unavailable; retry later.');
  }
}
