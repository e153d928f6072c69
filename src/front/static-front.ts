/**
 * The dashboard's static files (platform.md §6.1): every file of the built web root (`dist/web`,
 * made by `npm ci`/`npm run build`) is served at its path, `index.html` also at `/`, on every
 * port and without authentication. Files are read once at start and kept in memory with a gzip
 * copy; only GET and HEAD; hashed assets are cacheable for a year, the rest revalidate (ETag).
 * A missing web root serves nothing (the routes fall through to the 404 catch-all).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraRoute } from '../gateway/http-server.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  cache: string;
}

/** `<package root>/dist/web`: the package root is the nearest ancestor holding package.json. */
export function defaultWebRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function load(path: string, urlPath: string): StaticFile {
  const body = readFileSync(path);
  const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 512;
  return {
    body,
    gzip: compressible ? gzipSync(body) : null,
    type,
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    cache: urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}

/** Path → file, for every file under the web root (`/` → index.html). Empty without a web root. */
export function loadWebRoot(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(root)) return files;
  for (const path of walk(root)) {
    const urlPath = '/' + relative(root, path).split(sep).join('/');
    files.set(urlPath, load(path, urlPath));
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

function serve(file: StaticFile, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const headers: Record<string, string> = { 'content-type': file.type, 'cache-control': file.cache, etag: file.etag, vary: 'accept-encoding' };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = file.gzip !== null && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? file.gzip! : file.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

const METHODS = new Set(['GET', 'HEAD']);

/** One exact route per file of the web root. */
export function staticFrontRoutes(root = defaultWebRoot()): ExtraRoute[] {
  return [...loadWebRoot(root)].map(([path, file]) => ({ path, methods: METHODS, beforeRateLimit: true, handle: (req, res) => serve(file, req, res) }));
}
