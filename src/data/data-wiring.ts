/**
 * Assembles the data APIs once per node (data.md): `/data/files` (bytes under
 * `<dataDirectory>/files`, metadata in the Store), `/data/sets` and `/data/hashsets`, all behind
 * `Data:DefaultVisibility` and served on every port; and the data-file part of the housekeeping
 * cleaner. The composition root registers the routes and calls `sweep` from its 30 s loop (expired
 * sets and hash sets are removed by the store's own maintenance; reads already hide them).
 */
import { join } from 'node:path';
import type { GatewayContext } from '../gateway/context.js';
import type { ExtraRoute } from '../gateway/http-server.js';
import type { DataFilesSettings } from '../config/settings.js';
import type { Visibility } from '../model/function-config.js';
import { dataRoute } from './data-route.js';
import { setsHandler } from './sets/set-routes.js';
import { hashsetsHandler } from './sets/hashset-routes.js';
import { filesHandler } from './files/file-routes.js';
import { FileStore } from './files/file-store.js';
import { FileSweeper } from './files/file-sweeper.js';
import { TransferLimiter } from './files/transfer-limiter.js';
import { noPeers, type FilePeers } from './files/file-peers.js';
import { ClusterFilePeers, internalFilesRoute } from './files/cluster-file-peers.js';

export interface DataDeps {
  ctx: GatewayContext;
  settings: { readonly dataDefaultVisibility: Visibility; readonly dataFiles: DataFilesSettings };
  /** The node's own data directory; file bytes live in its `files/`. */
  dataDirectory: string;
  /** Several nodes on a shared store: bytes are pulled from the other nodes over an authenticated route. */
  cluster?: { secret: string; peerUrls: () => Promise<string[]> };
}

export interface Data {
  readonly routes: ExtraRoute[];
  /** One cleaner cycle over this node's data files (data.md §5.2). */
  sweep(nowMs: number): Promise<void>;
}

export function createData({ ctx, settings, dataDirectory, cluster }: DataDeps): Data {
  const { store, logger } = ctx;
  const files = new FileStore(join(dataDirectory, 'files'));
  const peers: FilePeers = cluster ? new ClusterFilePeers(files, { ...cluster, logger }) : noPeers;
  const limits = settings.dataFiles;
  const limiter = new TransferLimiter({
    maxInFlightBytes: limits.maxInFlightBytes,
    maxPending: limits.maxPendingTransfers,
    waitTimeoutMs: limits.queueWaitTimeoutSeconds * 1000,
  });
  const sweeper = new FileSweeper(files, store, limiter, logger);
  const visibility = settings.dataDefaultVisibility;
  const fileDeps = {
    store, files, limiter, peers, logger,
    maxRequestBodySize: ctx.options.maxRequestBodySize,
    unknownLengthReservationBytes: limits.unknownLengthReservationBytes,
  };
  return {
    routes: [
      dataRoute(ctx, visibility, '/data/files', ['GET', 'HEAD', 'POST', 'DELETE'], filesHandler(fileDeps)),
      dataRoute(ctx, visibility, '/data/sets', ['GET', 'POST', 'DELETE'], setsHandler(store)),
      dataRoute(ctx, visibility, '/data/hashsets', ['GET', 'POST', 'DELETE'], hashsetsHandler(store)),
      internalFilesRoute(files, cluster?.secret ?? null),
    ],
    sweep: async (nowMs) => {
      await sweeper.sweep(nowMs);
    },
  };
}
