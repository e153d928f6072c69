/**
 * Test images without a registry: a root filesystem holding this machine's `node`, the shared
 * libraries it loads and the given files, imported into the engine with Dockerfile `changes`.
 * The tag is a hash of all inputs, so an image is built once and reused (concurrent test files
 * wait on one build through a lock directory).
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { waitFor } from './wait.js';

export interface NodeImageSpec {
  /** Repository name; the tag is the content hash. */
  repository: string;
  /** Path in the image → file on this machine. */
  files: Record<string, string>;
  /** Dockerfile instructions applied on import (`CMD`, `ENTRYPOINT`, `ENV`, `EXPOSE`, `WORKDIR`, `LABEL`). */
  changes: string[];
}

const NODE_IN_IMAGE = '/usr/local/bin/node';

/** Absolute paths of the shared libraries (and loader) `ldd` lists for `binary`. */
export function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]!);
}

function contentTag(spec: NodeImageSpec): string {
  const hash = createHash('sha256');
  const node = statSync(process.execPath);
  hash.update(`${process.execPath}|${node.size}|${node.mtimeMs}|${spec.changes.join('\n')}`);
  for (const [target, source] of Object.entries(spec.files).sort()) hash.update(`|${target}|`).update(readFileSync(source));
  return hash.digest('hex').slice(0, 16);
}

function buildRootfs(spec: NodeImageSpec): string {
  const root = mkdtempSync(join(tmpdir(), 'slimfaas-rootfs-'));
  const put = (target: string, source: string) => {
    mkdirSync(join(root, dirname(target)), { recursive: true });
    copyFileSync(source, join(root, target));
  };
  put(NODE_IN_IMAGE, process.execPath);
  for (const lib of sharedLibraries(process.execPath)) put(lib, lib);
  for (const [target, source] of Object.entries(spec.files)) put(target, source);
  mkdirSync(join(root, 'tmp'), { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc/nsswitch.conf'), 'hosts: files dns\n');
  return root;
}

async function importRootfs(docker: Docker, root: string, repository: string, tag: string, changes: string[]): Promise<void> {
  const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stream = await docker.importImage(tar.stdout, { repo: repository, tag, changes });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((o) => o.error);
      if (err || failed) reject(err ?? new Error(failed!.error));
      else resolve();
    });
  });
}

const exists = (docker: Docker, ref: string): Promise<boolean> =>
  docker
    .getImage(ref)
    .inspect()
    .then(() => true, () => false);

/** The image reference, built when missing. */
export async function nodeImage(docker: Docker, spec: NodeImageSpec): Promise<string> {
  const tag = contentTag(spec);
  const ref = `${spec.repository}:${tag}`;
  if (await exists(docker, ref)) return ref;
  const lock = join(tmpdir(), `slimfaas-image-${spec.repository.replace(/[^a-z0-9]/gi, '_')}-${tag}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (!held) continue;
      if (Date.now() - held.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      else await waitFor(async () => (await exists(docker, ref)) || statSync(lock, { throwIfNoEntry: false }) === undefined, 300_000, `image ${ref} built by another test file`);
      if (await exists(docker, ref)) return ref;
    }
  }
  try {
    if (await exists(docker, ref)) return ref;
    const root = buildRootfs(spec);
    try {
      await importRootfs(docker, root, spec.repository, tag, spec.changes);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    return ref;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
