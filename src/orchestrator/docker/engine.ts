/**
 * The engine connection (platform.md §2.3.1): dockerode on the Unix socket with the API version
 * negotiated once (`GET /version`), and the few calls whose errors need translating (absent →
 * null/false, image pulled only when missing).
 */
import Docker from 'dockerode';
import type { InspectedContainer } from './inspected.js';

export type { Docker };

export function statusOf(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Resolves the engine at `socketPath`, pinned to the API version it reports. */
export async function connectEngine(socketPath: string): Promise<Docker> {
  const probe = new Docker({ socketPath });
  let apiVersion: string;
  try {
    apiVersion = (await probe.version()).ApiVersion;
  } catch (err) {
    throw new Error(`the Docker engine is not reachable on ${socketPath}: ${(err as Error).message}`);
  }
  return new Docker({ socketPath, version: `v${apiVersion}` });
}

/** `GET /containers/{idOrName}/json`, null when it does not exist. */
export async function inspectContainer(docker: Docker, idOrName: string): Promise<InspectedContainer | null> {
  try {
    return (await docker.getContainer(idOrName).inspect()) as unknown as InspectedContainer;
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

/** Stops (SIGTERM, then SIGKILL after `graceSeconds`) and force-removes; false when it did not exist. */
export async function stopAndRemove(docker: Docker, id: string, graceSeconds: number): Promise<boolean> {
  const container = docker.getContainer(id);
  try {
    await container.stop({ t: graceSeconds });
  } catch (err) {
    const status = statusOf(err);
    if (status === 404) return false;
    if (status !== 304 && status !== 409) throw err;
  }
  try {
    await container.remove({ force: true });
  } catch (err) {
    const status = statusOf(err);
    // 409: a removal is already in progress.
    if (status === 404) return true;
    if (status !== 409) throw err;
  }
  return true;
}

/** Environment of a local image, null when it is not present. */
export async function imageEnvironment(docker: Docker, ref: string): Promise<string[] | null> {
  try {
    const info = await docker.getImage(ref).inspect();
    return info.Config?.Env ?? [];
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

/** Makes `ref` present locally, pulling it when missing (`POST /images/create`). */
export async function ensureImage(docker: Docker, ref: string): Promise<void> {
  if ((await imageEnvironment(docker, ref)) !== null) return;
  const stream = await docker.pull(ref);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((o) => o.error);
      if (err) reject(err);
      else if (failed) reject(new Error(failed.error));
      else resolve();
    });
  });
}
