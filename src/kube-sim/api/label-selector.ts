/**
 * Label selectors with the API server's semantics: the string syntax of `labelSelector=` (`=`, `==`, `!=`, `in`,
 * `notin`, `exists`, `!key`, `>`/`<`) and `LabelSelector` objects (`matchLabels`, `matchExpressions`), both reduced
 * to requirements that are ANDed. An empty selector matches everything.
 */
import type { LabelSelector } from '../model/types.js';

export type Operator = 'eq' | 'neq' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export class SelectorError extends Error {}

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string): void {
  if (!KEY.test(key) || key.split('/').pop()!.length > 63) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
}

function checkValue(value: string): void {
  if (value.length > 63 || !VALUE.test(value)) throw new SelectorError(`unable to parse requirement: invalid label value: "${value}"`);
}

/** Splits on commas that are not inside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseRequirement(raw: string): Requirement {
  const text = raw.trim();
  if (text === '') throw new SelectorError('found \'\', expected: !, identifier, or \'end of string\'');
  if (text.startsWith('!')) {
    const key = text.slice(1).trim();
    checkKey(key);
    return { key, operator: '!', values: [] };
  }
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const [, key, op, list] = set as unknown as [string, string, 'in' | 'notin', string];
    checkKey(key);
    const values = list.split(',').map((v) => v.trim());
    if (op === 'in' && values.length === 1 && values[0] === '') throw new SelectorError('for \'in\', \'notin\' operators, values set can\'t be empty');
    values.forEach(checkValue);
    return { key, operator: op, values };
  }
  const binary = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(text);
  if (binary) {
    const [, key, op, value] = binary as unknown as [string, string, string, string];
    checkKey(key);
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(value.trim())) throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key, operator: op === '>' ? 'gt' : 'lt', values: [value.trim()] };
    }
    checkValue(value.trim());
    return { key, operator: op === '!=' ? 'neq' : 'eq', values: [value.trim()] };
  }
  if (/^\S+$/.test(text)) {
    checkKey(text);
    return { key: text, operator: 'exists', values: [] };
  }
  throw new SelectorError(`unable to parse requirement: "${text}"`);
}

/** Parses `labelSelector=` text; throws SelectorError (a 400 for the caller). */
export function parseLabelSelector(text: string | undefined | null): Requirement[] {
  if (!text || text.trim() === '') return [];
  return splitTop(text).map(parseRequirement);
}

/** A `LabelSelector` object as requirements. `null`/absent selects everything (callers decide what that means). */
export function fromLabelSelector(selector: LabelSelector | undefined | null): Requirement[] {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) out.push({ key, operator: 'eq', values: [value] });
  for (const expr of selector?.matchExpressions ?? []) {
    const op = expr.operator;
    if (op === 'In') out.push({ key: expr.key, operator: 'in', values: expr.values ?? [] });
    else if (op === 'NotIn') out.push({ key: expr.key, operator: 'notin', values: expr.values ?? [] });
    else if (op === 'Exists') out.push({ key: expr.key, operator: 'exists', values: [] });
    else if (op === 'DoesNotExist') out.push({ key: expr.key, operator: '!', values: [] });
    else throw new SelectorError(`"${op}" is not a valid label selector operator`);
  }
  return out;
}

export function matchesRequirements(requirements: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  const all = labels ?? {};
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(all, r.key);
    const value = all[r.key];
    switch (r.operator) {
      case 'eq':
      case 'in':
        return has && r.values.includes(value!);
      case 'neq':
      case 'notin':
        return !has || !r.values.includes(value!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value!)) return false;
        const n = Number(value);
        const bound = Number(r.values[0]);
        return r.operator === 'gt' ? n > bound : n < bound;
      }
    }
  });
}

export function matchesSelector(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  return matchesRequirements(fromLabelSelector(selector), labels);
}

/** The canonical text (`LabelSelectorAsSelector(...).String()`): requirements sorted by key. */
export function formatRequirements(requirements: readonly Requirement[]): string {
  return [...requirements]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => {
      switch (r.operator) {
        case 'eq':
          return `${r.key}=${r.values[0]}`;
        case 'neq':
          return `${r.key}!=${r.values[0]}`;
        case 'in':
          return `${r.key} in (${[...r.values].sort().join(',')})`;
        case 'notin':
          return `${r.key} notin (${[...r.values].sort().join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
      }
    })
    .join(',');
}

export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  return formatRequirements(fromLabelSelector(selector));
}
