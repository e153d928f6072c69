/** Single-shot loopback HTTP calls (health probes, shutdown hooks) that never outlive their timeout nor keep sockets open. */
import http from 'node:http';

/** Sends one request and resolves with the status code, or null on error/timeout. */
function requestStatus(method: 'GET' | 'POST', url: string, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    const finish = (status: number | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(status);
    };
    const timer = setTimeout(() => {
      req?.destroy();
      finish(null);
    }, Math.max(1, timeoutMs));
    try {
      req = http.request(
        url,
        { method, agent: false, headers: { connection: 'close', 'content-length': '0' } },
        (res) => {
          const status = res.statusCode ?? null;
          res.on('error', () => undefined);
          res.resume();
          finish(status);
          res.destroy();
        },
      );
      req.on('error', () => finish(null));
      req.end();
    } catch {
      finish(null);
    }
  });
}

/** `GET url`; true only for a 2xx answer within `timeoutMs`. */
export async function probeHttp(url: string, timeoutMs: number): Promise<boolean> {
  const status = await requestStatus('GET', url, timeoutMs);
  return status !== null && status >= 200 && status < 300;
}

/** Advisory `POST url` (shutdown hook): the outcome is ignored, the call never takes longer than `timeoutMs`. */
export async function postAdvisory(url: string, timeoutMs: number): Promise<void> {
  await requestStatus('POST', url, timeoutMs);
}
