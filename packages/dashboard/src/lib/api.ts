// The dashboard's only write calls (wake) and the replica log read (GET /logs/{function}).

export async function wakeFunction(name: string): Promise<void> {
  await fetch(`/wake-function/${encodeURIComponent(name)}`, { method: 'POST' });
}

export async function wakeAllFunctions(): Promise<void> {
  await fetch('/wake-functions', { method: 'POST' });
}

export interface LogLine {
  replica?: string;
  time?: string;
  stream?: string;
  line: string;
}

/** Recent lines of one replica; [] when the orchestrator has no logs (404, 403, empty body). */
export async function fetchReplicaLogs(fn: string, replica: string, tail = 50): Promise<LogLine[]> {
  const res = await fetch(`/logs/${encodeURIComponent(fn)}?tail=${tail}&replica=${encodeURIComponent(replica)}`, {
    headers: { accept: 'application/x-ndjson' },
  });
  if (res.status === 403 || res.status === 404 || res.status === 204) return [];
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const text = await res.text();
  const lines: LogLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const parsed = JSON.parse(raw) as LogLine;
      lines.push(typeof parsed.line === 'string' ? parsed : { line: raw });
    } catch {
      lines.push({ line: raw });
    }
  }
  return lines;
}
