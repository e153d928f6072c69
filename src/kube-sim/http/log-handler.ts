/** `GET …/pods/<name>/log`: a container's output (`container`, `previous`, `tailLines`, `follow`), from the kubelet's log files. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { badRequest } from '../api/api-error.js';
import type { KubeApi } from '../api/kube-api.js';
import type { ResourceType } from '../api/resource-types.js';
import type { Pod } from '../model/types.js';
import { sendText } from './http-io.js';

export interface PodLogSource {
  /** The file holding the output of the current (or previous) run of a container, if it ever ran. */
  logFile(namespace: string, pod: string, container: string, previous: boolean): string | undefined;
  /** Whether more output may still come (the container runs or will restart). */
  mayGrow(namespace: string, pod: string, container: string): boolean;
}

const FOLLOW_POLL_MS = 200;

function tail(text: string, lines: number): string {
  const parts = text.split('\n');
  const trailing = parts[parts.length - 1] === '' ? parts.pop() : undefined;
  return parts.slice(Math.max(0, parts.length - lines)).join('\n') + (trailing !== undefined ? '\n' : '');
}

export async function servePodLog(res: ServerResponse, api: KubeApi, logs: PodLogSource, type: ResourceType, namespace: string, name: string, query: URLSearchParams): Promise<void> {
  const pod = api.get(type, namespace, name) as Pod;
  const containers = pod.spec.containers.map((c) => c.name);
  const container = query.get('container') ?? containers[0]!;
  if (!containers.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const previous = query.get('previous') === 'true';
  const file = logs.logFile(namespace, name, container, previous);
  if (!file || !existsSync(file)) {
    if (previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
  }
  const tailLines = query.get('tailLines');
  if (query.get('follow') !== 'true') {
    const text = await readFile(file, 'utf8');
    sendText(res, 200, tailLines !== null ? tail(text, Number(tailLines)) : text);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
  let offset = 0;
  if (tailLines !== null) {
    const text = await readFile(file, 'utf8');
    const start = tail(text, Number(tailLines));
    res.write(start);
    offset = Buffer.byteLength(text);
  }
  let closed = false;
  res.once('close', () => (closed = true));
  const pump = (): void => {
    if (closed) return;
    const size = existsSync(file) ? statSync(file).size : offset;
    if (size > offset) {
      const stream = createReadStream(file, { start: offset, end: size - 1 });
      offset = size;
      stream.on('data', (chunk) => res.write(chunk));
      stream.on('end', () => setTimeout(pump, FOLLOW_POLL_MS));
      stream.on('error', () => res.end());
      return;
    }
    if (!logs.mayGrow(namespace, name, container) || logs.logFile(namespace, name, container, false) !== file) {
      res.end();
      return;
    }
    setTimeout(pump, FOLLOW_POLL_MS);
  };
  pump();
}
