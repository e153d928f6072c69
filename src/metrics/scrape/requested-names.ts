/**
 * The metric names the scraper keeps (autoscaling.md §5.3): every name selected by a trigger
 * query or a debug query, only ever growing. A query with a selector of no fixed name (e.g.
 * `{job="x"}`) makes every name requested.
 */
import { metricNamesOf, type ParsedPromql } from '../../promql/index.js';
import type { NameFilter } from './exposition.js';

const NOT_METRIC_NAMES = new Set(
  ('sum min max avg count stddev stdvar sum_over_time avg_over_time min_over_time max_over_time count_over_time ' +
    'stddev_over_time stdvar_over_time quantile quantile_over_time histogram_quantile rate irate increase abs absent ' +
    'clamp_max clamp_min day_of_month day_of_week days_in_month hour minute month year timestamp sort sort_desc on ' +
    'ignoring group_left group_right without by bool and or unless offset').split(' '),
);

export class RequestedNames {
  private readonly names = new Set<string>();
  private all = false;

  add(query: ParsedPromql): void {
    const names = metricNamesOf(query);
    if (names === null) this.all = true;
    else for (const name of names) this.names.add(name);
  }

  /**
   * Names of a query that may not parse (a debug query is registered even when invalid): the
   * textual extraction of §5.3 — strings, `{…}` and `[…]` removed, identifiers that are not
   * PromQL keywords or functions kept.
   */
  addText(query: string): void {
    let text = query.replace(/"(?:\\.|[^"\\])*"/g, ' ');
    for (let depth = 0, prev = ''; prev !== text && depth < 10; depth++) {
      prev = text;
      text = text.replace(/\{[^{}]*\}/g, ' ').replace(/\[[^\[\]]*\]/g, ' ');
    }
    for (const [name] of text.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
      if (!name.startsWith('__') && !NOT_METRIC_NAMES.has(name)) this.names.add(name);
    }
  }

  get isEmpty(): boolean {
    return !this.all && this.names.size === 0;
  }

  filter(): NameFilter {
    return this.all ? 'all' : this.names;
  }

  list(): string[] {
    return [...this.names];
  }
}
