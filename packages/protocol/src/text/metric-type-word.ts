import type { MetricType } from '../model.js';

/**
 * The metric type a `# TYPE` line names, read as expfmt reads it: the whole
 * rest of the line, upper-cased with Go's `strings.ToUpper`, looked up among
 * the protobuf enum names, plus OpenMetrics' `gaugehistogram`.
 */

const TYPE_BY_UPPER_WORD: ReadonlyMap<string, MetricType> = new Map<string, MetricType>([
  ['COUNTER', 'COUNTER'],
  ['GAUGE', 'GAUGE'],
  ['SUMMARY', 'SUMMARY'],
  ['UNTYPED', 'UNTYPED'],
  ['HISTOGRAM', 'HISTOGRAM'],
  ['GAUGE_HISTOGRAM', 'GAUGE_HISTOGRAM'],
  ['GAUGEHISTOGRAM', 'GAUGE_HISTOGRAM'],
]);

const LONGEST_WORD = 'GAUGE_HISTOGRAM'.length;

const DOTLESS_I = 0x131;
const LONG_S = 0x17f;

/**
 * Go's `strings.ToUpper` as far as it can matter here. Go maps rune by rune
 * with the simple case mapping, so besides a-z only U+0131 (ı) and U+017F (ſ)
 * become ASCII letters; JavaScript's `toUpperCase` would also expand
 * ligatures such as U+FB05 into "ST", which Go leaves alone.
 */
function goUpperCase(word: string): string {
  let upper = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) upper += String.fromCharCode(c - 0x20);
    else if (c === DOTLESS_I) upper += 'I';
    else if (c === LONG_S) upper += 'S';
    else upper += word[i];
  }
  return upper;
}

/** The type named by a TYPE line's word (any case), or `undefined` if expfmt does not know it. */
export function metricTypeOfWord(word: string): MetricType | undefined {
  if (word.length > LONGEST_WORD) return undefined;
  return TYPE_BY_UPPER_WORD.get(goUpperCase(word));
}
