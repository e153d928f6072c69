/**
 * A container's readiness probe: `httpGet` (2xx/3xx is success) or `tcpSocket` against the pod IP, after
 * `initialDelaySeconds`, every `periodSeconds` (but at least every `maxIntervalMs`, so tests need not wait 10 s),
 * with `timeoutSeconds`, `successThreshold` and `failureThreshold`. `exec` probes always succeed.
 */
import http from 'node:http';
import net from 'node:net';
import type { Container, Probe } from '../model/types.js';

function resolvePort(port: number | string, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function httpCheck(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs, headers: { 'user-agent': 'kube-probe/1.32', connection: 'close' } }, (res) => {
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400;
      res.resume();
      res.destroy();
      resolve(ok);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function tcpCheck(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export function probeOnce(probe: Probe, container: Container, podIp: string): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, container);
    if (port === undefined) return Promise.resolve(false);
    const host = probe.httpGet.host || podIp;
    const path = probe.httpGet.path ?? '/';
    return httpCheck(`http://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`, timeoutMs);
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, container);
    if (port === undefined) return Promise.resolve(false);
    return tcpCheck(probe.tcpSocket.host || podIp, port, timeoutMs);
  }
  return Promise.resolve(true);
}

/** Runs until `stop()`; reports each change of the readiness verdict. */
export function startReadinessProber(probe: Probe, container: Container, podIp: string, maxIntervalMs: number, onChange: (ready: boolean) => void): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let ready = false;
  let successes = 0;
  let failures = 0;
  const period = Math.min((probe.periodSeconds ?? 10) * 1000, maxIntervalMs);
  const tick = async (): Promise<void> => {
    if (stopped) return;
    const ok = await probeOnce(probe, container, podIp);
    if (stopped) return;
    if (ok) {
      successes++;
      failures = 0;
      if (!ready && successes >= (probe.successThreshold ?? 1)) {
        ready = true;
        onChange(true);
      }
    } else {
      failures++;
      successes = 0;
      if (ready && failures >= (probe.failureThreshold ?? 3)) {
        ready = false;
        onChange(false);
      }
    }
    timer = setTimeout(() => void tick(), period);
  };
  timer = setTimeout(() => void tick(), (probe.initialDelaySeconds ?? 0) * 1000);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
