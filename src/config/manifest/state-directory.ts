// openStateDirectory: opens (or creates) the persistent or ephemeral state directory of a local project,
// guards it with the ownership marker and keeps the persisted port allocations (platform.md §2.4.1, §2.4.4).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestError, maskSecrets } from './errors.js';
import { MARKER_FILE, MARKER_SCHEMA_VERSION, readMarker, writeMarker, type Marker } from './marker.js';
import type { PortAllocationStore, StateDirectoryHandle } from './state-types.js';
import type { LocalManifest } from './types.js';

/** Throws ManifestError (secrets masked) when the directory cannot be used. */
export function openStateDirectory(manifest: LocalManifest, options: { clean: boolean }): StateDirectoryHandle {
  try {
    return open(manifest, options);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    throw new ManifestError(error.messages.map((message) => maskSecrets(message, manifest.secrets)));
  }
}

function open(manifest: LocalManifest, options: { clean: boolean }): StateDirectoryHandle {
  const persistent = manifest.state.mode === 'persistent';
  const directory = persistent
    ? manifest.state.directory
    : join(tmpdir(), 'SlimFaas', 'local', manifest.name, randomBytes(16).toString('hex'));
  if (persistent && options.clean) clean(directory, manifest.name);

  const previous = persistent && existsSync(join(directory, MARKER_FILE)) ? checkMarker(directory, manifest) : undefined;
  const marker: Marker = {
    schemaVersion: MARKER_SCHEMA_VERSION,
    project: manifest.name,
    nodes: manifest.cluster.nodes,
    entrypointPort: manifest.cluster.entrypointPort,
    nodeHttpPortBase: manifest.cluster.nodeHttpPortBase,
    raftPortBase: manifest.cluster.raftPortBase,
    processPortFrom: manifest.processPorts.from,
    processPortTo: manifest.processPorts.to,
    portAllocations: pruneAllocations(previous?.portAllocations, manifest),
  };
  const logsDir = join(directory, 'logs');
  const dataDir = join(directory, 'data');
  try {
    mkdirSync(logsDir, { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    writeMarker(directory, marker);
  } catch (error) {
    throw new ManifestError(`Unable to prepare the state directory '${directory}': ${(error as Error).message}`);
  }

  const save = () => {
    if (persistent) writeMarker(directory, marker);
  };
  const ports: PortAllocationStore = {
    get: (id) => marker.portAllocations[id],
    set: (id, port) => {
      marker.portAllocations[id] = port;
      save();
    },
    delete: (id) => {
      if (!Object.hasOwn(marker.portAllocations, id)) return;
      delete marker.portAllocations[id];
      save();
    },
    all: () => ({ ...marker.portAllocations }),
  };
  return {
    path: directory,
    logsDir,
    dataDir,
    ports,
    dispose: () => {
      if (!persistent) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** `--clean`: deletes the directory, only when its marker says it belongs to this project. */
function clean(directory: string, project: string): void {
  if (!existsSync(directory)) return;
  if (!existsSync(join(directory, MARKER_FILE))) {
    throw new ManifestError(`Refusing --clean for '${directory}': the SlimFaas local ownership marker is missing.`);
  }
  const owner = readMarker(directory).project;
  if (owner !== project) throw new ManifestError(`Refusing --clean for '${directory}': it belongs to project '${owner}'.`);
  rmSync(directory, { recursive: true, force: true });
}

/** Checks an existing marker against the manifest and returns it. */
function checkMarker(directory: string, manifest: LocalManifest): Partial<Marker> {
  const marker = readMarker(directory);
  if (marker.schemaVersion !== MARKER_SCHEMA_VERSION) {
    throw new ManifestError(
      `State directory '${directory}' has an unsupported marker schema version (${String(marker.schemaVersion)}); run 'slimfaas local up --clean' to recreate it.`,
    );
  }
  if (marker.project !== manifest.name) {
    throw new ManifestError(`State directory '${directory}' belongs to project '${marker.project}', not '${manifest.name}'.`);
  }
  if (marker.nodes !== manifest.cluster.nodes) {
    throw new ManifestError(
      `State directory '${directory}' was created for ${marker.nodes} node(s), but the manifest requests ${manifest.cluster.nodes}. Run 'slimfaas local up --clean'.`,
    );
  }
  return marker;
}

/** Keeps the allocations whose id still exists: `function:<name>:<replica>` below the maximum, `process:<name>` with port auto. */
function pruneAllocations(allocations: unknown, manifest: LocalManifest): Record<string, number> {
  const valid = new Set<string>();
  for (const fn of manifest.functions) {
    if (fn.debugUrl) continue;
    for (let replica = 0; replica < fn.maxReplicas; replica++) valid.add(`function:${fn.name}:${replica}`);
  }
  for (const proc of manifest.processes) if (proc.port === 'auto') valid.add(`process:${proc.name}`);
  const kept: Record<string, number> = {};
  if (typeof allocations !== 'object' || allocations === null) return kept;
  for (const [id, port] of Object.entries(allocations)) {
    if (valid.has(id) && Number.isInteger(port) && port >= 1 && port <= 65535) kept[id] = port;
  }
  return kept;
}
