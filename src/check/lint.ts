/**
 * The testability lint for a SOUP requirement. A requirement an auditor can accept names something a black-box test
 * can measure: a quantity with a unit, a bound ("within", "at most", "less than" …) or a condition ("when", "if" …),
 * and says what the item does in observable terms. Vague verbs (handles, supports, does, works, manages, processes,
 * is compatible) say neither.
 */

export interface LintResult {
  testable: boolean;
  /** Vague verbs found, as written. */
  vague: string[];
  /** Whether a quantity with a unit, a bound or a condition was found. */
  measurable: boolean;
}

const UNITS = [
  '%', 'percent', 'ms', 'msec', 'milliseconds?', 'µs', 'us', 'microseconds?', 'ns', 's', 'secs?', 'seconds?', 'mins?', 'minutes?',
  'h', 'hrs?', 'hours?', 'days?', 'weeks?', 'months?', 'years?',
  '[kKMGT]i?B', 'bytes?', 'bits?', '[kKMG]?bps', '[kKMG]?bit/s', '[kKMG]?B/s', 'KB', 'kb',
  '[kKMG]?Hz', 'fps', 'frames?', 'rps', 'qps', 'requests?', 'messages?', 'packets?', 'records?', 'samples?', 'items?',
  'calls?', 'connections?', 'users?', 'clients?', 'threads?', 'cores?', 'retries', 'retry', 'attempts?', 'times',
  'mm', 'cm', 'm', 'km', 'mg', 'g', 'kg', 'mL', 'ml', 'L', 'µL', 'uL', 'mmHg', 'bpm', '°C', '°F', 'C', 'V', 'mV', 'mA', 'A', 'W', 'mW',
  'dpi', 'px', 'pixels?', 'characters?', 'chars?', 'digits?', 'decimal places?', 'significant figures?', 'lines?', 'rows?', 'columns?',
  'dB', 'dBm', 'IU', 'units?', 'mmol/L', 'mg/dL', 'ppm', 'sigma', 'nines',
];
/** A number followed by a unit ("100 ms", "16 KiB", "99.9 %", "2 s"), an HTTP-style status/code or an explicit ratio. */
const QUANTITY = new RegExp(`(?:^|[^\\w.])\\d+(?:[.,]\\d+)?\\s*(?:${UNITS.join('|')})(?![\\w])|\\b(?:HTTP|status|code|error|exit code|version|v)\\s*\\d+|\\b\\d+(?:[.,]\\d+)?\\s*(?:per|/|x|×|out of|in)\\s*\\w`, 'i');
const BOUND = /\b(within|at most|at least|no more than|no fewer than|no less than|not more than|not less than|less than|more than|fewer than|greater than|larger than|smaller than|lower than|higher than|longer than|shorter than|below|above|under|exceeds?|exceeding|up to|between|exactly|maximum|minimum|max\.?|min\.?|before|after|no later than|no earlier than|equal to|percentile|p9\d)\b|[<>≤≥=±]/i;
const CONDITION = /\b(when|whenever|if|unless|while|given|upon|in case|on receipt of|on receiving|each time|every time|for every|for each|for any|for all)\b/i;
const VAGUE = /\b(handles?|handling|handled|supports?|supporting|supported|does(?! not\b| n't\b)|do(?! not\b)|works?|working|manages?|managing|managed|processes|processing|processed|(?:is|are|be|being|stays?|remains?) compatible|compatible with|compatibility)\b/gi;

/** Lint one requirement text. */
export function lintRequirement(text: string): LintResult {
  const t = text.replace(/\s+/g, ' ').trim();
  const vague = [...new Set((t.match(VAGUE) ?? []).map((v) => v.toLowerCase()))];
  const measurable = QUANTITY.test(t) || BOUND.test(t) || CONDITION.test(t);
  return { testable: measurable && vague.length === 0, vague, measurable };
}

/** The shape a rewrite should take, with the item's name as subject. */
export function requirementShape(subject: string): string {
  return `"${subject} shall <verb> <object> within <bound> when <condition>", e.g. "${subject} shall return the parsed value within 10 ms when given a valid 1 KiB input"`;
}
