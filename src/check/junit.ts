import { malformed } from '../model/errors.js';
import { parseXml } from '../util/xml.js';

export type TestOutcome = 'passed' | 'failed' | 'skipped';

/** One `<testcase>` of a JUnit XML report. */
export interface TestResult {
  name: string;
  classname?: string;
  outcome: TestOutcome;
  /** The JUnit file it came from. */
  file: string;
  /** The run's date (YYYY-MM-DD) from the enclosing suite's `timestamp`, when the runner wrote one. */
  date?: string;
  /** The failure or error message, clipped. */
  message?: string;
}

/** Test results by name: a `verification.tests[].test` matches a test case's `name` or its `classname.name`. */
export interface JUnitResults {
  byKey: Map<string, TestResult[]>;
  files: string[];
  count: number;
}

type XmlNode = Record<string, unknown>;

const asNodes = (v: unknown): XmlNode[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (x && typeof x === 'object' ? (x as XmlNode) : {}));
const attr = (n: XmlNode, k: string): string | undefined => (typeof n[`@_${k}`] === 'string' ? (n[`@_${k}`] as string) : undefined);

function messageOf(n: XmlNode | undefined): string | undefined {
  if (!n) return undefined;
  const m = attr(n, 'message') ?? (typeof n['#text'] === 'string' ? (n['#text'] as string) : undefined);
  if (!m) return undefined;
  const line = m.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Read a JUnit XML report from any runner: `<testsuites>` with `<testsuite>` children (nested suites too), or a bare
 * `<testsuite>` (Maven Surefire, Ant). A `<testcase>` with `<failure>` or `<error>` failed, with `<skipped>` was
 * skipped, otherwise passed. Anything else (not XML, no suite) is an input.malformed error naming the file.
 */
export function parseJUnit(text: string, file: string): TestResult[] {
  const doc = parseXml(text, file, { arrays: ['testsuite', 'testcase', 'failure', 'error', 'skipped'] });
  const roots: XmlNode[] = [];
  if (doc.testsuites !== undefined) roots.push(...asNodes(doc.testsuites).flatMap((s) => asNodes(s.testsuite)));
  if (doc.testsuite !== undefined) roots.push(...asNodes(doc.testsuite));
  if (!roots.length && doc.testsuites === undefined) {
    throw malformed(file, 'not a JUnit XML report: no <testsuites> or <testsuite> element', undefined, 'Give the JUnit XML file your test runner writes (e.g. vitest --reporter=junit, pytest --junitxml, Maven Surefire\'s TEST-*.xml).');
  }
  const out: TestResult[] = [];
  const walk = (suite: XmlNode, inheritedDate: string | undefined, depth: number) => {
    if (depth > 50) return;
    const ts = attr(suite, 'timestamp');
    const date = ts && /^\d{4}-\d{2}-\d{2}/.test(ts) ? ts.slice(0, 10) : inheritedDate;
    for (const tc of asNodes(suite.testcase)) {
      const name = attr(tc, 'name');
      if (name === undefined) continue;
      const failed = asNodes(tc.failure)[0] ?? asNodes(tc.error)[0];
      const skipped = tc.skipped !== undefined;
      const r: TestResult = { name, file, outcome: failed ? 'failed' : skipped ? 'skipped' : 'passed' };
      const cn = attr(tc, 'classname');
      if (cn) r.classname = cn;
      if (date) r.date = date;
      const msg = failed ? messageOf(failed) : undefined;
      if (msg) r.message = msg;
      out.push(r);
    }
    for (const child of asNodes(suite.testsuite)) walk(child, date, depth + 1);
  };
  for (const s of roots) walk(s, undefined, 0);
  return out;
}

/** Index results from one or more reports by `name` and by `classname.name`. */
export function indexResults(results: readonly TestResult[], files: readonly string[] = [...new Set(results.map((r) => r.file))]): JUnitResults {
  const byKey = new Map<string, TestResult[]>();
  const add = (k: string, r: TestResult) => {
    const l = byKey.get(k);
    if (l) l.push(r);
    else byKey.set(k, [r]);
  };
  for (const r of results) {
    add(r.name, r);
    if (r.classname) add(`${r.classname}.${r.name}`, r);
  }
  return { byKey, files: [...files], count: results.length };
}

const RANK: Record<TestOutcome, number> = { passed: 0, skipped: 1, failed: 2 };

/**
 * The outcome of the test a record names: the worst among every case of that name (a test run twice that failed once
 * failed); a skipped test verified nothing. Undefined when no report has it.
 */
export function lookupTest(results: JUnitResults, test: string): TestResult | undefined {
  const l = results.byKey.get(test) ?? results.byKey.get(test.trim());
  if (!l?.length) return undefined;
  return l.reduce((a, b) => (RANK[b.outcome] > RANK[a.outcome] ? b : a));
}
