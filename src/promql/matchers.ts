// Label matchers with Prometheus semantics: a missing label reads as "", regexes are RE2 anchored as
// `^(?s:…)$` (translated to JavaScript); invalid RE2 raises RegexSyntaxError like Prometheus's parser.
import { PromqlUnsupportedError } from './errors.js';
import { getLabel, type Labels } from './labels.js';
import { translateRe2, type TranslatedRegex } from './regex-translate.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  /** Whether a label value (`''` for a missing label) satisfies the matcher. */
  matches(value: string): boolean;
}

export interface CompiledRegex {
  readonly regex: RegExp;
  readonly groupNames: TranslatedRegex['groupNames'];
}

/** Compiles an RE2 pattern anchored at both ends; throws RegexSyntaxError when RE2 rejects it. */
export function compileAnchoredRe2(pattern: string): CompiledRegex {
  const t = translateRe2(pattern);
  try {
    return { regex: new RegExp(`^(?:${t.source})$`, 'u'), groupNames: t.groupNames };
  } catch (error) {
    throw new PromqlUnsupportedError('regular expression', `${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

export function newMatcher(type: MatchType, name: string, value: string): LabelMatcher {
  if (type === '=') return { name, type, value, matches: (v) => v === value };
  if (type === '!=') return { name, type, value, matches: (v) => v !== value };
  const { regex } = compileAnchoredRe2(value);
  const positive = type === '=~';
  return { name, type, value, matches: (v) => regex.test(v) === positive };
}

export function matchesAll(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  for (const m of matchers) if (!m.matches(getLabel(labels, m.name))) return false;
  return true;
}

/** The metric name an equality matcher on `__name__` fixes, if any. */
export function fixedMetricName(matchers: readonly LabelMatcher[]): string | undefined {
  for (const m of matchers) if (m.name === '__name__' && m.type === '=') return m.value;
  return undefined;
}
