// Decodes functions, jobs and auxiliary processes with their defaults and per-workload rules
// (platform.md §2.4.2): names, commands, working directories, health/shutdown, ports, annotations.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkFunctionAnnotations, checkJobAnnotations } from './annotations.js';
import { parseDebugUrl } from './debug-url.js';
import type { Fields } from './fields.js';
import type { LocalFunction, LocalJob, LocalProcess, RestartPolicy } from './types.js';

const WORKLOAD_NAME = /^[a-z0-9_-]{3,63}$/;
const PROCESS_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const RESTART_POLICIES: RestartPolicy[] = ['always', 'onFailure', 'never'];

function checkName(f: Fields, pattern: RegExp): void {
  if (!pattern.test(f.path.slice(f.path.indexOf('.') + 1))) f.errors.push(`${f.path}: name must match ${pattern.source}.`);
}

function command(f: Fields): string[] {
  const list = f.list('command');
  if (list.length === 0) f.errors.push(`${f.at('command')} is required.`);
  else if (list.some((item) => item.trim() === '')) {
    f.errors.push(`${f.at('command')} must contain an executable and non-empty arguments.`);
  }
  return list;
}

function workingDirectory(f: Fields, baseDirectory: string, mustExist: boolean): string {
  const directory = resolve(baseDirectory, f.optionalText('workingDirectory')?.trim() || '.');
  if (mustExist && !statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    f.errors.push(`${f.at('workingDirectory')} '${directory}' does not exist.`);
  }
  return directory;
}

function positive(f: Fields, key: string, fallback: number, minimum: number): number {
  const value = f.int(key, fallback);
  if (value < minimum) f.errors.push(`${f.at(key)} must be >= ${minimum}.`);
  return value;
}

function httpPath(f: Fields, fallback: string): string {
  const path = f.text('path', fallback);
  if (!path.startsWith('/')) f.errors.push(`${f.at('path')} must start with '/'.`);
  return path;
}

export function decodeFunction(f: Fields, baseDirectory: string, processes: ReadonlySet<string>): LocalFunction {
  checkName(f, WORKLOAD_NAME);
  const debugUrl = f.optionalText('debugUrl')?.trim() || undefined;
  if (debugUrl !== undefined) {
    const endpoint = parseDebugUrl(debugUrl);
    if (typeof endpoint === 'string') f.errors.push(`${f.at('debugUrl')} ${endpoint}`);
  }
  const health = f.child('health');
  const shutdown = f.child('shutdown');
  const annotations = f.dict('annotations');
  return {
    name: f.path.slice('functions.'.length),
    command: debugUrl === undefined ? command(f) : [],
    workingDirectory: workingDirectory(f, baseDirectory, debugUrl === undefined),
    ...(debugUrl !== undefined ? { debugUrl } : {}),
    annotations,
    environment: f.dict('environment'),
    health: {
      path: httpPath(health, '/health'),
      periodSeconds: positive(health, 'periodSeconds', 1, 1),
      timeoutSeconds: positive(health, 'timeoutSeconds', 2, 1),
      startupTimeoutSeconds: positive(health, 'startupTimeoutSeconds', 120, 1),
    },
    ...(f.has('shutdown')
      ? { shutdown: { path: httpPath(shutdown, '/shutdown'), timeoutSeconds: positive(shutdown, 'timeoutSeconds', 5, 1) } }
      : {}),
    maxReplicas: checkFunctionAnnotations(f.at('annotations'), annotations, debugUrl !== undefined, processes, f.errors),
  };
}

export function decodeJob(f: Fields, baseDirectory: string, processes: ReadonlySet<string>): LocalJob {
  checkName(f, WORKLOAD_NAME);
  const annotations = f.dict('annotations');
  checkJobAnnotations(f.at('annotations'), annotations, processes, f.errors);
  const resources = f.child('resources');
  return {
    name: f.path.slice('jobs.'.length),
    command: command(f),
    workingDirectory: workingDirectory(f, baseDirectory, true),
    annotations,
    environment: f.dict('environment'),
    ttlSecondsAfterFinished: positive(f, 'ttlSecondsAfterFinished', 60, 0),
    backoffLimit: positive(f, 'backoffLimit', 1, 0),
    restartPolicy: f.text('restartPolicy', 'Never'),
    ...(f.has('resources')
      ? {
          resources: {
            ...(resources.has('requests') ? { requests: resources.dict('requests') } : {}),
            ...(resources.has('limits') ? { limits: resources.dict('limits') } : {}),
          },
        }
      : {}),
  };
}

export function decodeProcess(f: Fields, baseDirectory: string): LocalProcess {
  checkName(f, PROCESS_NAME);
  const list = command(f);
  const environment = f.dict('environment');
  const policyText = f.text('restartPolicy', 'always').trim();
  const restartPolicy = RESTART_POLICIES.find((item) => item.toLowerCase() === policyText.toLowerCase());
  if (!restartPolicy) f.errors.push(`${f.at('restartPolicy')} must be 'always', 'onFailure' or 'never'.`);
  const port = processPort(f);
  if (!f.has('port') && [...list, ...Object.values(environment)].some((item) => item.includes('{port}'))) {
    f.errors.push(`${f.path} uses '{port}' but does not configure port.`);
  }
  return {
    name: f.path.slice('processes.'.length),
    command: list,
    workingDirectory: workingDirectory(f, baseDirectory, true),
    environment,
    ...(port !== undefined ? { port } : {}),
    restartPolicy: restartPolicy ?? 'always',
  };
}

function processPort(f: Fields): LocalProcess['port'] {
  const text = f.optionalText('port')?.trim();
  if (text === undefined || text === '') return undefined;
  if (text.toLowerCase() === 'auto') return 'auto';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    f.errors.push(`${f.at('port')} must be 'auto' or an integer between 1 and 65535.`);
    return undefined;
  }
  return port;
}
