/**
 * `Data:DefaultVisibility` (data.md §1.2, decision 10): with `Private`, files, sets and hash sets
 * answer an empty 404 to every caller that is not internal (exact IP trust, decision 5).
 */
import type { IncomingMessage } from 'node:http';
import type { Visibility } from '../model/function-config.js';
import { callerIsInternal, type GatewayContext } from '../gateway/context.js';

export function hiddenFrom(ctx: GatewayContext, visibility: Visibility, req: IncomingMessage): boolean {
  return visibility === 'Private' && !callerIsInternal(ctx, req);
}
