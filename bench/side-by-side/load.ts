/** `n` simultaneous fresh connections (agent: false), the time of the first request on each. */
export async function newConnections(url: string, n: number): Promise<number[]> {
  const http = await import('node:http');
  return Promise.all(Array.from({ length: n }, () => new Promise<number>((resolve) => {
    const t = performance.now();
    const req = http.request(url, { method: 'POST', agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t));
    });
    req.on('error', () => resolve(NaN));
    req.end('x'.repeat(64));
  })));
}
