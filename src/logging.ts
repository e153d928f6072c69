/** A tiny levelled logger writing one line per message to stderr; levels follow upstream names. */

export type LogLevel = 'Trace' | 'Debug' | 'Information' | 'Warning' | 'Error' | 'Critical' | 'None';
const ORDER: LogLevel[] = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function parseLogLevel(text: string | undefined, fallback: LogLevel): LogLevel {
  if (!text) return fallback;
  return ORDER.find((level) => level.toLowerCase() === text.trim().toLowerCase()) ?? fallback;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const min = ORDER.indexOf(level);
  const at = (lvl: LogLevel, tag: string) => (message: string) => {
    if (ORDER.indexOf(lvl) >= min) write(`${new Date().toISOString()} ${tag} ${message}`);
  };
  return { debug: at('Debug', 'dbug:'), info: at('Information', 'info:'), warn: at('Warning', 'warn:'), error: at('Error', 'fail:') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Logs one kind of repeated event at most once per `everyMs`: the first occurrence at once, later
 * ones folded into a count carried by the next line (so a flood of client aborts is one line).
 */
export class RateLimitedLog {
  private lastAt = -Infinity;
  private suppressed = 0;

  constructor(
    private readonly write: (message: string) => void,
    private readonly everyMs = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  log(message: string): void {
    const now = this.clock();
    if (now - this.lastAt < this.everyMs) {
      this.suppressed++;
      return;
    }
    const more = this.suppressed > 0 ? ` (${this.suppressed} more since the last report)` : '';
    this.lastAt = now;
    this.suppressed = 0;
    this.write(message + more);
  }
}
