/**
 * Data-file bytes between nodes (data.md §2.5, decision 1): a node that has a file's metadata but
 * not its bytes pulls them from the first peer that holds that exact version, over the internal
 * route `GET /internal/files/{id}?sha=<sha256>` authenticated by the cluster secret, streamed into
 * its own FileStore (SHA-256 and length verified) with the origin's expiry. The same module serves
 * that route from this node's disk.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request } from '../../util/http-client.js';
import { drain, send } from '../../gateway/http-util.js';
import { CLUSTER_TOKEN_HEADER, clusterToken, isClusterRequest } from '../../cluster/cluster-auth.js';
import type { ExtraRoute } from '../../gateway/http-server.js';
import type { Logger } from '../../logging.js';
import type { FileMeta } from './file-meta.js';
import type { FilePeers } from './file-peers.js';
import type { FileStore } from './file-store.js';

const EXPIRY_HEADER = 'x-slimfaas-expire-at-ms';

export interface ClusterPeersOptions {
  secret: string;
  /** Base URLs of the other live nodes, read afresh. */
  peerUrls: () => Promise<string[]>;
  logger: Logger;
}

export class ClusterFilePeers implements FilePeers {
  constructor(
    private readonly files: FileStore,
    private readonly o: ClusterPeersOptions,
  ) {}

  async announce(): Promise<void> {
    // Pull on demand: the owner needs to tell nobody.
  }

  async pull(id: string, meta: FileMeta): Promise<boolean> {
    for (const base of await this.o.peerUrls()) {
      try {
        const res = await request(`${base}/internal/files/${encodeURIComponent(id)}?sha=${meta.sha256}`, {
          headers: { [CLUSTER_TOKEN_HEADER]: clusterToken(this.o.secret) },
          headersTimeout: 10_000,
        });
        if (res.statusCode !== 200) {
          await res.body.dump();
          continue;
        }
        const expiry = Number(res.headers[EXPIRY_HEADER]);
        await this.files.receive(id, res.body as unknown as Readable, meta.length, (sha256, length) => {
          if (sha256 !== meta.sha256 || length !== meta.length) throw new Error(`peer ${base} sent other bytes for ${id}`);
          return { ...meta, id, expireAtMs: Number.isFinite(expiry) && expiry > 0 ? expiry : null };
        });
        return true;
      } catch (err) {
        this.o.logger.warn(`pulling data file ${id} from ${base} failed: ${(err as Error).message}`);
      }
    }
    return false;
  }
}

/** `GET /internal/files/{id}?sha=…`: the bytes of that version if this node holds them; 404 otherwise and to anyone without the cluster token. */
export function internalFilesRoute(files: FileStore, secret: string | null): ExtraRoute {
  return {
    path: '/internal/files',
    prefix: true,
    methods: new Set(['GET']),
    handle: async (req: IncomingMessage, res: ServerResponse, rest: string, query: string) => {
      drain(req);
      if (!isClusterRequest(req, secret)) return send(res, 404);
      const id = decodeURIComponent(rest);
      const sha256 = new URLSearchParams(query).get('sha') ?? '';
      const local = /^[0-9a-f]{64}$/.test(sha256) ? await files.readLocal({ dir: files.dirOf(id), sha256 }) : null;
      const handle = local ? await files.open(id, sha256, local.length) : null;
      if (!local || !handle) return send(res, 404);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(local.length), [EXPIRY_HEADER]: String(local.expireAtMs ?? 0) });
      await pipeline(handle.createReadStream(), res).catch(() => res.destroy());
    },
  };
}
