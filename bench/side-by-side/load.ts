/**
 * `n` simultaneous fresh connections, the time of the first request on each: from the connect
 * call to the response's last byte. Raw sockets and one pre-built request, so that the load
 * generator's own per-request work (about 0.3 ms with node:http) does not queue the later
 * connections behind the earlier ones and the figure is the server's.
 */
import { connect } from 'node:net';

export async function newConnections(url: string, n: number): Promise<number[]> {
  const { hostname, port, pathname } = new URL(url);
  const body = 'x'.repeat(64);
  const request = Buffer.from(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`, 'latin1');
  return Promise.all(Array.from({ length: n }, () => new Promise<number>((resolve) => {
    const t = performance.now();
    let head = '';
    const socket = connect(Number(port), hostname, () => socket.write(request));
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => { if (head.length < 16) head += chunk; });
    socket.on('error', () => resolve(NaN));
    // Connection: close — the server closes after its answer; a 2xx status line is a success.
    socket.on('close', () => resolve(/^HTTP\/1\.1 2\d\d /.test(head) ? performance.now() - t : NaN));
  })));
}
