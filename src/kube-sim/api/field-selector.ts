/**
 * Field selectors (`fieldSelector=metadata.name=x,status.phase!=Running`): `=`, `==`, `!=`, backslash escapes, ANDed.
 * Any dotted field path is accepted (the API server allows a fixed list per resource: `metadata.name`,
 * `metadata.namespace`, `status.phase`, `spec.nodeName`, …); an absent field compares as the empty string.
 */

export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

export class FieldSelectorError extends Error {}

/** Splits on separators not preceded by a backslash, unescaping the parts. */
function splitEscaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function parseOne(text: string): FieldRequirement {
  // Find the first unescaped operator.
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '!' && text[i + 1] === '=') return { field: unescape(text.slice(0, i)).trim(), equal: false, value: unescape(text.slice(i + 2)) };
    if (c === '=') {
      const skip = text[i + 1] === '=' ? 2 : 1;
      return { field: unescape(text.slice(0, i)).trim(), equal: true, value: unescape(text.slice(i + skip)) };
    }
  }
  throw new FieldSelectorError(`invalid selector: '${text}'; can't understand '${text}'`);
}

export function parseFieldSelector(text: string | undefined | null): FieldRequirement[] {
  if (!text || text.trim() === '') return [];
  return splitEscaped(text, ',').map((part) => {
    const req = parseOne(part);
    if (req.field === '') throw new FieldSelectorError(`invalid selector: '${text}'`);
    return req;
  });
}

export function fieldValue(obj: unknown, path: string): string {
  let current: unknown = obj;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return '';
  if (typeof current === 'object') return JSON.stringify(current);
  return String(current);
}

export function matchesFields(requirements: readonly FieldRequirement[], obj: unknown): boolean {
  return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === r.equal);
}
