// Parses environment files (platform.md §2.4.3): KEY=VALUE lines, comments, `export `, quoted values.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ManifestError } from './errors.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads every env file (relative to cwd); later files override earlier ones. */
export function readEnvFiles(files: readonly string[], cwd: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of files) {
    const file = resolve(cwd, input);
    if (!existsSync(file)) throw new ManifestError(`Environment file '${file}' does not exist.`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new ManifestError(`Unable to read environment file '${file}'.`);
    }
    Object.assign(values, parseEnvFile(text, file));
  }
  return values;
}

export function parseEnvFile(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const invalid = () => new ManifestError(`Environment file '${file}' contains an invalid entry at line ${index + 1}.`);
    let entry = line.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    if (entry.startsWith('export ')) entry = entry.slice('export '.length).trimStart();
    const separator = entry.indexOf('=');
    const name = entry.slice(0, Math.max(separator, 0)).trim();
    if (separator <= 0 || !NAME.test(name)) throw invalid();
    const value = parseValue(entry.slice(separator + 1).trimStart());
    if (value === undefined) throw invalid();
    values[name] = value;
  }
  return values;
}

/** Parses the value part of a line; undefined when it is malformed. */
function parseValue(text: string): string | undefined {
  if (text.startsWith("'")) {
    const closing = text.indexOf("'", 1);
    return closing > 0 && isEmptyOrComment(text.slice(closing + 1)) ? text.slice(1, closing) : undefined;
  }
  if (text.startsWith('"')) {
    const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
    let result = '';
    for (let i = 1; i < text.length; i++) {
      const char = text[i]!;
      if (char === '\\' && i + 1 < text.length) {
        const next = text[++i]!;
        result += ESCAPES[next] ?? next;
      } else if (char === '"') {
        return isEmptyOrComment(text.slice(i + 1)) ? result : undefined;
      } else {
        result += char;
      }
    }
    return undefined;
  }
  const comment = text.search(/(^|\s)#/);
  return (comment >= 0 ? text.slice(0, comment) : text).trimEnd();
}

function isEmptyOrComment(rest: string): boolean {
  const trimmed = rest.trimStart();
  return trimmed === '' || trimmed.startsWith('#');
}
