// ManifestError carries every problem found in a local manifest or state directory (exit code 2 at the CLI).

/** Position of a YAML key or value: the file that defined it, 1-based line and column. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

export class ManifestError extends Error {
  readonly messages: string[];

  constructor(messages: string | string[]) {
    const list = typeof messages === 'string' ? [messages] : messages;
    super(list.join('\n'));
    this.name = 'ManifestError';
    this.messages = list;
  }
}

/** The parse-error format of platform.md §2.4.2 (unknown keys, wrong value types). */
export function parseError(pos: Position, detail: string): string {
  return `Unable to parse the merged local configuration at line ${pos.line}, column ${pos.col}: ${detail}`;
}

/** Replaces every non-empty secret by `***`, longest first (platform.md §2.4.3). */
export function maskSecrets(message: string, secrets: readonly string[]): string {
  let result = message;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) result = result.split(secret).join('***');
  }
  return result;
}
