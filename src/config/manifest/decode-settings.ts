// Decodes the project-wide settings of the manifest (schemaVersion, name, cluster, processPorts, state)
// with their defaults and single-field rules (platform.md §2.4.2).
import { homedir } from 'node:os';
import { parse, resolve } from 'node:path';
import type { Fields } from './fields.js';
import { isPort } from './ports.js';
import type { LocalManifest } from './types.js';

export type Settings = Pick<LocalManifest, 'schemaVersion' | 'name' | 'cluster' | 'processPorts' | 'state'>;

const NAME = /^[A-Za-z0-9._-]{1,63}$/;
const LOG_LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'];

export function decodeSettings(root: Fields, baseDirectory: string): Settings {
  const errors = root.errors;
  if (root.int('schemaVersion', 1) !== 1) errors.push('schemaVersion must be 1.');
  const name = root.text('name', 'slimfaas-local');
  if (!NAME.test(name)) errors.push(`name must match ${NAME.source}.`);
  return {
    schemaVersion: 1,
    name,
    cluster: decodeCluster(root.child('cluster')),
    processPorts: decodeProcessPorts(root.child('processPorts')),
    state: decodeState(root.child('state'), name, baseDirectory),
  };
}

function decodeCluster(cluster: Fields): Settings['cluster'] {
  const errors = cluster.errors;
  const nodes = cluster.int('nodes', 1);
  // 2–3 nodes run as node processes on Redis (cluster.redisUrl, or a redis-server from PATH; decision 12).
  if (nodes < 1 || nodes > 3) errors.push('cluster.nodes must be between 1 and 3.');
  const count = Math.min(Math.max(nodes, 1), 3);
  const entrypointPort = cluster.int('entrypointPort', 30020);
  if (!isPort(entrypointPort)) errors.push('cluster.entrypointPort must be between 1 and 65535.');
  const portBase = (key: string, fallback: number) => {
    const base = cluster.int(key, fallback);
    if (!isPort(base)) errors.push(`cluster.${key} must be between 1 and 65535.`);
    else if (!isPort(base + count - 1)) errors.push(`cluster.${key} + cluster.nodes - 1 must be <= 65535.`);
    return base;
  };
  const nodeHttpPortBase = portBase('nodeHttpPortBase', 30021);
  const raftPortBase = portBase('raftPortBase', 3262);
  const level = cluster.text('nodeLogLevel', 'Error');
  const nodeLogLevel = LOG_LEVELS.find((item) => item.toLowerCase() === level.trim().toLowerCase());
  if (!nodeLogLevel) errors.push(`cluster.nodeLogLevel must be one of ${LOG_LEVELS.join(', ')}.`);
  const redisUrl = cluster.optionalText('redisUrl')?.trim() || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\/[^/?#\s]+/i.test(redisUrl)) {
    errors.push('cluster.redisUrl must be a redis:// or rediss:// URL.');
  }
  return {
    nodes,
    entrypointPort,
    nodeHttpPortBase,
    raftPortBase,
    nodeLogLevel: nodeLogLevel ?? level,
    ...(redisUrl !== undefined ? { redisUrl } : {}),
  };
}

function decodeProcessPorts(ports: Fields): Settings['processPorts'] {
  const from = ports.int('from', 5000);
  const to = ports.int('to', 5999);
  if (!isPort(from)) ports.errors.push('processPorts.from must be between 1 and 65535.');
  if (!isPort(to)) ports.errors.push('processPorts.to must be between 1 and 65535.');
  if (from > to) ports.errors.push('processPorts.from must be less than or equal to processPorts.to.');
  return { from, to };
}

function decodeState(state: Fields, name: string, baseDirectory: string): Settings['state'] {
  const modeText = state.text('mode', 'persistent').trim().toLowerCase();
  const mode = modeText === 'persistent' || modeText === 'ephemeral' ? modeText : 'persistent';
  if (mode !== modeText) state.errors.push("state.mode must be 'persistent' or 'ephemeral'.");
  const directory = resolve(baseDirectory, state.optionalText('directory')?.trim() || `.slimfaas/${name}`);
  const tooBroad = [parse(directory).root, resolve(baseDirectory), resolve(homedir())];
  if (tooBroad.includes(directory)) {
    state.errors.push(`state.directory '${directory}' is too broad; choose a dedicated subdirectory.`);
  }
  return { mode, directory };
}
