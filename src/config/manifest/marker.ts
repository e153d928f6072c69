// The ownership marker `.slimfaas-local.json` of a state directory (platform.md §2.4.4): read and atomic write.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManifestError } from './errors.js';

export const MARKER_FILE = '.slimfaas-local.json';
export const MARKER_SCHEMA_VERSION = 2;

export interface Marker {
  schemaVersion: number;
  project: string;
  nodes: number;
  entrypointPort: number;
  nodeHttpPortBase: number;
  raftPortBase: number;
  processPortFrom: number;
  processPortTo: number;
  portAllocations: Record<string, number>;
}

/** Reads the marker as written (any schema version); throws ManifestError when it is not a JSON object. */
export function readMarker(directory: string): Partial<Marker> {
  const file = join(directory, MARKER_FILE);
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Partial<Marker>;
  } catch (error) {
    throw new ManifestError(`Invalid state marker '${file}': ${(error as Error).message}`);
  }
}

/** Writes the marker to a temporary file, then renames it over the previous one. */
export function writeMarker(directory: string, marker: Marker): void {
  const file = join(directory, MARKER_FILE);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(marker, null, 2) + '\n');
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
