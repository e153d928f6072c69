/**
 * The data-file part of the node's cleaner (data.md §5.2), run from the 30 s housekeeping: each
 * file on this node's disk is judged (sweep-decisions.ts) against its shared metadata; removals
 * take the file's id lock and judge again under it, so a concurrent upload of the same id is never
 * undone. Individual failures are logged and the cycle goes on.
 */
import type { Store } from '../../store/store.js';
import type { Logger } from '../../logging.js';
import { fileMetaKey } from '../data-keys.js';
import { decodeMeta, type FileMeta } from './file-meta.js';
import type { FileStore, StoredVersion } from './file-store.js';
import type { TransferLimiter } from './transfer-limiter.js';
import { isStale, judgeVersion, OrphanObservations, type VersionDecision } from './sweep-decisions.js';

export interface SweepReport {
  expired: number;
  orphans: number;
  strays: number;
}

export class FileSweeper {
  private readonly observations = new OrphanObservations();

  constructor(
    private readonly files: FileStore,
    private readonly store: Store,
    private readonly limiter: TransferLimiter,
    private readonly logger: Logger,
  ) {}

  async sweep(nowMs: number): Promise<SweepReport> {
    const report: SweepReport = { expired: 0, orphans: 0, strays: 0 };
    const scan = await this.files.scan();
    const candidates = new Map<string, StoredVersion>();
    for (const version of scan.versions) {
      const decision = await this.guard(version, () => this.judge(version, nowMs));
      if (decision === 'expired' && (await this.guard(version, () => this.remove(version, 'expired', nowMs)))) report.expired++;
      if (decision === 'orphan') candidates.set(`${version.dir}/${version.sha256}`, version);
    }
    for (const key of this.observations.observe(candidates.keys())) {
      const version = candidates.get(key)!;
      if (await this.guard(version, () => this.remove(version, 'orphan', nowMs))) report.orphans++;
    }
    for (const stray of scan.strays) {
      if (!isStale(stray.mtimeMs, nowMs)) continue;
      await this.files.removeStray(stray.path);
      report.strays++;
    }
    for (const dir of scan.emptyDirs) if (isStale(dir.mtimeMs, nowMs)) await this.files.removeEmptyDir(dir.path);
    if (report.expired + report.orphans + report.strays > 0) {
      this.logger.debug(`data files: removed ${report.expired} expired, ${report.orphans} orphaned, ${report.strays} leftover file(s)`);
    }
    return report;
  }

  /** 'keep' also when the shared metadata is unreadable: corrupted metadata never deletes bytes. */
  private async judge(version: StoredVersion, nowMs: number): Promise<VersionDecision> {
    const shared = version.local === null ? null : await this.shared(version.local.id);
    return shared === 'corrupted' ? 'keep' : judgeVersion(version.sha256, version.local, shared, nowMs);
  }

  private async shared(id: string): Promise<FileMeta | null | 'corrupted'> {
    const raw = await this.store.get(fileMetaKey(id));
    return raw === null ? null : (decodeMeta(raw) ?? 'corrupted');
  }

  /** Removes `version` if, under its id lock, it is still judged `expected`. */
  private async remove(version: StoredVersion, expected: VersionDecision, nowMs: number): Promise<boolean> {
    const id = version.local?.id;
    const removeIfStill = async () => {
      const current = { ...version, local: await this.files.readLocal(version) };
      if ((await this.judge(current, nowMs)) !== expected) return false;
      await this.files.removeVersion(version);
      return true;
    };
    return id === undefined ? removeIfStill() : this.limiter.withLock(id, removeIfStill);
  }

  private async guard<T>(version: StoredVersion, task: () => Promise<T>): Promise<T | false> {
    try {
      return await task();
    } catch (error) {
      this.logger.warn(`data files: cleaning ${version.dir}/${version.sha256} failed: ${(error as Error).message}`);
      return false;
    }
  }
}
