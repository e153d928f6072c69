/** Runs wrk (one thread, `concurrency` keep-alive connections) with post.lua and returns its latency percentiles and throughput. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface WrkFigures { p50Ms: number; p95Ms: number; p99Ms: number; rps: number; requests: number; errors: number }

const LUA = join(import.meta.dirname, 'post.lua');

export function wrk(url: string, bodyFile: string, concurrency: number, seconds: number): Promise<WrkFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${concurrency}`, `-d${seconds}s`, '--timeout', '10s', '-s', LUA, url], {
      env: { ...process.env, BENCH_BODY: bodyFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.once('error', reject);
    child.once('exit', () => {
      const line = /JSON(\{.*\})/.exec(out);
      if (!line) return reject(new Error(`wrk gave no figures for ${url}:\n${out}`));
      const j = JSON.parse(line[1]!) as { requests: number; durationUs: number; errors: number; p50: number; p95: number; p99: number };
      resolve({ p50Ms: j.p50 / 1000, p95Ms: j.p95 / 1000, p99Ms: j.p99 / 1000, rps: j.requests / (j.durationUs / 1e6), requests: j.requests, errors: j.errors });
    });
  });
}
