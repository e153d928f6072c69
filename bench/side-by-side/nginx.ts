/** Our own nginx (never the system one): one worker, daemon off, upstream keep-alive to the target, all files in a temp prefix. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startNginx(listenPort: number, targetPort: number): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const prefix = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  mkdirSync(join(prefix, 'logs'));
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, `worker_processes 1; daemon off; master_process off; pid ${prefix}/nginx.pid; error_log ${prefix}/logs/error.log;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; client_max_body_size 0;
  fastcgi_temp_path ${prefix}/f; uwsgi_temp_path ${prefix}/u; scgi_temp_path ${prefix}/s;
  upstream target { server 127.0.0.1:${targetPort}; keepalive 64; }
  server { listen 127.0.0.1:${listenPort}; location / { proxy_pass http://target; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_request_buffering off; proxy_buffering off; } } }
`);
  const child = spawn('nginx', ['-c', conf, '-p', prefix], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try { await fetch(`http://127.0.0.1:${listenPort}/`, { method: 'POST', body: 'x' }); break; } catch { await new Promise((r) => setTimeout(r, 50)); }
  }
  return { child, stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.exitCode !== null ? r(null) : child.once('exit', r)); } };
}
