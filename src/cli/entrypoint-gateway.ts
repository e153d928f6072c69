/**
 * The native-local TCP entrypoint (platform.md §2.4.10): each new connection goes to the next
 * ready node in round-robin order; with no ready node it answers a raw 503 and closes. A node in
 * this process takes the socket itself (no second TCP hop), so trust and visibility are decided on
 * the real client address; a node elsewhere gets the bytes piped over TCP, preceded (with a
 * cluster secret) by a signed PROXY v2 header carrying the client's address and port.
 */
import net from 'node:net';
import { encodeProxyHeader } from '../cluster/proxy-protocol.js';

const NOT_READY = 'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 23\r\n\r\nSlimFaas is not ready.\n';

export interface EntrypointNode {
  port: number;
  isReady(): boolean;
  /** In-process node: serves the accepted socket directly. */
  acceptConnection?(socket: net.Socket): void;
}

export class EntrypointGateway {
  private server: net.Server | null = null;
  private cursor = 0;
  private sockets = new Set<net.Socket>();

  /** `proxySecret`: sign a PROXY v2 header for every connection piped to a node process. */
  constructor(
    private readonly nodes: () => EntrypointNode[],
    private readonly options: { proxySecret?: string } = {},
  ) {}

  /** The port it listens on (after `listen`). */
  get port(): number {
    return (this.server?.address() as net.AddressInfo | null)?.port ?? 0;
  }

  listen(port: number, host = '127.0.0.1'): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
  }

  private accept(client: net.Socket): void {
    client.setNoDelay(true);
    this.track(client);
    const ready = this.nodes().filter((n) => n.isReady());
    if (ready.length === 0) {
      client.end(NOT_READY);
      return;
    }
    const node = ready[this.cursor++ % ready.length]!;
    if (node.acceptConnection) {
      node.acceptConnection(client);
      return;
    }
    const header = this.proxyHeaderFor(client);
    if (header === false) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: node.port, noDelay: true });
    this.track(upstream);
    if (header) upstream.write(header);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  }

  /** The signed header for `client` (null without a secret; false when its addresses are already gone). */
  private proxyHeaderFor(client: net.Socket): Buffer | null | false {
    const secret = this.options.proxySecret;
    if (!secret) return null;
    const { remoteAddress, remotePort, localAddress, localPort } = client;
    if (!remoteAddress || remotePort === undefined || !localAddress || localPort === undefined) return false;
    return encodeProxyHeader({ address: remoteAddress, port: remotePort }, { address: localAddress, port: localPort }, secret);
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
