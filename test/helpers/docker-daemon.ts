/** Whether the Docker engine the tests use answers (`GET /_ping` on its socket), with the reason when it does not, for a clear skip. */
import http from 'node:http';
import { socketPathFrom } from '../../src/orchestrator/docker/engine-location.js';

export type DockerStatus = { ok: true; socketPath: string } | { ok: false; socketPath: string; reason: string };

export function dockerSocketPath(): string {
  return socketPathFrom(process.env);
}

export function dockerStatus(socketPath = dockerSocketPath(), timeoutMs = 5000): Promise<DockerStatus> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve({ ok: true, socketPath });
      else resolve({ ok: false, socketPath, reason: `the Docker engine on ${socketPath} answered ${res.statusCode} to /_ping` });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) =>
      resolve({ ok: false, socketPath, reason: `no Docker engine on ${socketPath} (${err.message}); run \`node scripts/ensure-docker.mjs\`` }),
    );
  });
}
