/** Persisted port allocations of the state directory marker (platform.md §2.4.4, §2.4.8). */
export interface PortAllocationStore {
  /** Allocation ids: `function:<name>:<replica>` and `process:<name>`. */
  get(id: string): number | undefined;
  /** Persists immediately (atomic write of the marker in persistent mode). */
  set(id: string, port: number): void;
  delete(id: string): void;
  all(): Record<string, number>;
}

/** An opened state directory (persistent or ephemeral). */
export interface StateDirectoryHandle {
  /** Absolute path of the state directory. */
  path: string;
  /** `<state>/logs` (created). */
  logsDir: string;
  /** `<state>/data` (created); node stores live in `<data>/<node name>`. */
  dataDir: string;
  ports: PortAllocationStore;
  /** Deletes an ephemeral directory; no-op for persistent ones. */
  dispose(): void;
}
