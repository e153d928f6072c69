/** What the data-file routes share, built once by `createData`. */
import type { Store } from '../../store/store.js';
import type { Logger } from '../../logging.js';
import type { FileStore } from './file-store.js';
import type { TransferLimiter } from './transfer-limiter.js';
import type { FilePeers } from './file-peers.js';

export interface FileDeps {
  store: Store;
  files: FileStore;
  limiter: TransferLimiter;
  peers: FilePeers;
  /** `Kestrel:Limits:MaxRequestBodySize`: the largest upload. */
  maxRequestBodySize: number;
  unknownLengthReservationBytes: number;
  logger: Logger;
}
