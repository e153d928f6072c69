// label_replace and label_join with Prometheus semantics: anchored RE2 match on the source label, Go
// `Regexp.Expand` templates ($1, ${name}, $$), empty result deletes the label, __name__ kept if written.
import { getLabel, setLabel } from './labels.js';
import type { CompiledRegex } from './matchers.js';
import type { Sample } from './values.js';

/** Go's regexp template expansion of `template` for one match. */
export function expandTemplate(template: string, match: RegExpExecArray, groupNames: ReadonlyArray<string | undefined>): string {
  let out = '';
  let rest = template;
  for (;;) {
    const i = rest.indexOf('$');
    if (i < 0) break;
    out += rest.slice(0, i);
    rest = rest.slice(i + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const m = /^(\{)?([\p{L}\p{Nd}_]+)(\})?/u.exec(rest);
    if (!m || (m[1] !== undefined && m[3] === undefined)) {
      out += '$'; // malformed reference: the `$` stays literal
      continue;
    }
    const name = m[2] as string;
    const length = m[1] !== undefined ? (m[0] as string).length : name.length;
    rest = rest.slice(length);
    if (/^[0-9]+$/.test(name) && !(name.length > 1 && name.startsWith('0')) && name.length <= 9) {
      out += match[Number(name)] ?? '';
    } else {
      const index = groupNames.indexOf(name);
      if (index > 0) out += match[index] ?? '';
    }
  }
  return out + rest;
}

export function labelReplace(samples: readonly Sample[], dst: string, replacement: string, src: string, re: CompiledRegex): Sample[] {
  return samples.map((s) => {
    const m = re.regex.exec(getLabel(s.labels, src));
    if (!m) return s;
    const labels = setLabel(s.labels, dst, expandTemplate(replacement, m, re.groupNames));
    return { labels, value: s.value, dropName: dst === '__name__' ? false : s.dropName };
  });
}

export function labelJoin(samples: readonly Sample[], dst: string, separator: string, srcLabels: readonly string[]): Sample[] {
  return samples.map((s) => {
    const joined = srcLabels.map((l) => getLabel(s.labels, l)).join(separator);
    return { labels: setLabel(s.labels, dst, joined), value: s.value, dropName: dst === '__name__' ? false : s.dropName };
  });
}
