// loadManifest: reads, merges, interpolates and validates the native-local manifest (platform.md §2.4.2–§2.4.3);
// it returns a complete LocalManifest or throws a ManifestError listing every problem, secrets masked.
import { dirname, resolve } from 'node:path';
import { readEnvFiles } from './env-file.js';
import { ManifestError, maskSecrets } from './errors.js';
import { Fields } from './fields.js';
import { interpolateTree } from './interpolate.js';
import { decodeSettings } from './decode-settings.js';
import { decodeFunction, decodeJob, decodeProcess } from './decode-workloads.js';
import { mergeTrees } from './overlay.js';
import { checkPorts } from './ports.js';
import { normalizeFile } from './shape.js';
import type { LocalManifest } from './types.js';
import { readYamlFile, type MapNode } from './yaml-tree.js';

export interface LoadManifestOptions {
  /** YAML files, merged left to right; relative to `cwd`. */
  files: string[];
  /** Env files for `${NAME}` interpolation (later files win); relative to `cwd`. */
  envFiles: string[];
  /** The process environment, looked up before the env files. */
  env: Record<string, string | undefined>;
  cwd: string;
}

export const RESOURCES_WARNING =
  'warning: Job CPU and memory resources are accepted for API compatibility but are not enforced in process mode.';
export const TWO_NODES_WARNING = 'warning: a two-node Raft cluster cannot tolerate the loss of either node.';

export function loadManifest(options: LoadManifestOptions): LocalManifest {
  if (options.files.length === 0) throw new ManifestError('At least one local manifest must be provided.');
  const files = options.files.map((file) => resolve(options.cwd, file));
  const baseDirectory = dirname(files[0]!);

  const errors: string[] = [];
  const trees = files.map((file) => normalizeFile(readYamlFile(file), errors));
  if (errors.length > 0) throw new ManifestError(errors);
  const empty: MapNode = { kind: 'map', entries: [], pos: { file: files[0]!, line: 1, col: 1 } };
  const merged = trees.reduce(mergeTrees, empty);

  const envFileValues = readEnvFiles(options.envFiles, options.cwd);
  const { tree, secrets, errors: missing } = interpolateTree(merged, (name) => options.env[name] ?? envFileValues[name]);
  const fail = (messages: string[]) => new ManifestError(messages.map((message) => maskSecrets(message, secrets)));
  if (missing.length > 0) throw fail(missing);

  const manifest = decode(new Fields(tree, '', errors), baseDirectory, secrets);
  if (errors.length > 0) throw fail(errors);
  return manifest;
}

function decode(root: Fields, baseDirectory: string, secrets: string[]): LocalManifest {
  const settings = decodeSettings(root, baseDirectory);
  const processFields = root.child('processes').children();
  const processNames = new Set(processFields.map(([name]) => name));
  const processes = processFields.map(([, f]) => decodeProcess(f, baseDirectory));
  const functions = root.child('functions').children().map(([, f]) => decodeFunction(f, baseDirectory, processNames));
  const jobs = root.child('jobs').children().map(([, f]) => decodeJob(f, baseDirectory, processNames));
  const manifest: LocalManifest = { ...settings, baseDirectory, functions, jobs, processes, secrets, warnings: [] };
  checkPorts(manifest, root.errors);
  // Only reachable once 2-node clusters are supported (decodeSettings rejects them for now).
  if (manifest.cluster.nodes === 2) manifest.warnings.push(TWO_NODES_WARNING);
  if (jobs.some((job) => job.resources !== undefined)) manifest.warnings.push(RESOURCES_WARNING);
  return manifest;
}
