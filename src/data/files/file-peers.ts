/**
 * The seam for bytes held by other nodes (data.md §2.5). With one node there is no peer: a file
 * whose metadata exists but whose bytes are not here is answered 404. The Redis (several nodes)
 * work implements this: announce an upload to the other nodes, and pull a missing file from a
 * peer (`HEAD`/`GET /cluster/files/{id}?sha=` in 10 MiB range chunks, SHA-256 verified) into
 * `FileStore` before it is served — over an internal route authenticated by the cluster secret
 * (decision 1).
 */
import type { FileMeta } from './file-meta.js';

export interface FilePeers {
  /** Best effort: tells the other nodes that this node now holds `id` at `meta.sha256`. */
  announce(id: string, meta: FileMeta): Promise<void>;
  /**
   * Copies `id` at `meta.sha256` from a peer into this node's FileStore (keeping the origin's
   * expiry, from its `X-SlimFaas-ExpireAtUtcTicks`); false when no node can provide it.
   */
  pull(id: string, meta: FileMeta): Promise<boolean>;
}

export const noPeers: FilePeers = {
  announce: async () => undefined,
  pull: async () => false,
};
