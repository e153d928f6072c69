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
