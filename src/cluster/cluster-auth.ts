/**
 * Authentication of node-to-node routes (decision 1: data-file and async-body bytes between
 * nodes): a caller sends `X-SlimFaas-Cluster-Token`, an HMAC-SHA256 of a fixed label keyed by
 * the shared cluster secret; a node compares it in constant time. Without a secret no request is
 * internal, so the routes answer 404 to everyone.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CLUSTER_TOKEN_HEADER = 'x-slimfaas-cluster-token';

export function clusterToken(secret: string): string {
  return createHmac('sha256', secret).update('slimfaas internal route v1').digest('hex');
}

export function isClusterRequest(req: IncomingMessage, secret: string | null): boolean {
  if (!secret) return false;
  const given = req.headers[CLUSTER_TOKEN_HEADER];
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(clusterToken(secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
