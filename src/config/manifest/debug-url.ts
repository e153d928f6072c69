// Parses a function's `debugUrl` (platform.md §2.4.2): absolute http URL, explicit port, optional base path,
// no user info, query or fragment.

export interface DebugEndpoint {
  host: string;
  port: number;
  /** localhost or a loopback address: its port is reserved on this machine. */
  loopback: boolean;
}

/** Returns the endpoint, or the reason (completing "<path> …") why the URL is rejected. */
export function parseDebugUrl(value: string): DebugEndpoint | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http URL.';
  }
  if (url.protocol !== 'http:' || url.hostname === '') return 'must be an absolute http URL.';
  if (url.username !== '' || url.password !== '' || authority(value).includes('@')) return 'must not contain user information.';
  if (!/:\d+$/.test(authority(value))) return 'must contain an explicit port.';
  if (url.search !== '' || value.includes('?')) return 'must not contain a query.';
  if (url.hash !== '' || value.includes('#')) return 'must not contain a fragment.';
  const port = Number(/:(\d+)$/.exec(authority(value))![1]);
  if (port < 1 || port > 65535) return 'must contain a port between 1 and 65535.';
  return { host: url.hostname, port, loopback: isLoopback(url.hostname) };
}

/** The `host:port` part as written. */
function authority(value: string): string {
  const start = value.indexOf('://');
  const rest = start < 0 ? '' : value.slice(start + 3);
  const end = rest.search(/[/?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
