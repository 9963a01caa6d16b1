import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportData } from '../data.js';
import { FORM_SECTIONS } from '../docx/guidance.js';
import { renderHtml } from './index.js';
import { all, bodyRows, byTag, hasClass, parseHtml, text, type El } from './test-support/dom.js';
import { HOSTILE, UNRECORDED, exampleRegister, hostileRegister, withUnrecorded } from './test-support/registers.js';

let example: ReportData;
let hostile: ReportData;
beforeAll(async () => {
  example = (await exampleRegister()).data;
  hostile = (await hostileRegister()).data;
});

const tableWithClass = (root: El, cls: string): El => {
  const t = all(root, (e) => e.name === 'table' && hasClass(e, cls))[0];
  if (!t) throw new Error(`no table.${cls}`);
  return t;
};

describe('renderHtml: the report a browser shows and prints', () => {
  it('lists every SOUP item once, in the order of the data, each row linking to its form', () => {
    const root = parseHtml(renderHtml(example));
    const rows = bodyRows(tableWithClass(root, 'soup-list'));
    expect(rows.map((r) => [text(r[0]!).split('\n')[0], text(r[1]!)])).toEqual(example.items.map((i) => [i.record.identification.name, i.record.identification.version]));
    expect(rows.length).toBeGreaterThan(50);
    // each name links to an article that holds that item's form
    for (const [k, r] of rows.entries()) {
      const href = byTag(r[0]!, 'a')[0]?.attrs.href ?? '';
      const form = all(root, (e) => e.name === 'article' && `#${e.attrs.id}` === href)[0];
      expect(form && text(byTag(form, 'h2')[0]!)).toBe(`${example.items[k]!.record.identification.name} ${example.items[k]!.record.identification.version}`);
    }
  });

  it('lists the SOUP components without a record after the SOUP list, linked from the contents and the summary', () => {
    const root = parseHtml(renderHtml(withUnrecorded(example)));
    const rows = bodyRows(tableWithClass(root, 'unrecorded-list'));
    expect(rows.map((r) => r.map(text))).toEqual([[UNRECORDED.name, UNRECORDED.version, 'npm', 'library', 'off-the-shelf', UNRECORDED.evidence, 'no record: run tureen sync']]);
    const links = all(root, (e) => e.name === 'a' && e.attrs.href === '#unrecorded');
    expect(links.map((a) => text(a))).toEqual(['SOUP items without a record (1)', 'listed after the SOUP list']);
    // without a gap, no empty section
    expect(all(parseHtml(renderHtml(example)), (e) => e.attrs.id === 'unrecorded')).toEqual([]);
  });

  it('lists the not-SOUP components with their rationale', () => {
    const root = parseHtml(renderHtml(example));
    const rows = bodyRows(tableWithClass(root, 'not-soup-list'));
    expect(rows.map((r) => [text(r[0]!), text(r[1]!), text(r[5]!)])).toEqual(example.notSoup.map((n) => [n.name, n.version, n.rationale]));
  });

  it('gives every item a form with the nine sections in order, each with its guidance, and the filled record\'s content', () => {
    const root = parseHtml(renderHtml(example));
    const forms = all(root, (e) => e.name === 'article' && hasClass(e, 'item'));
    expect(forms).toHaveLength(example.items.length);
    for (const f of forms) {
      const heads = all(f, (e) => e.name === 'section' && hasClass(e, 'sec')).map((s) => text(byTag(s, 'h3')[0]!));
      expect(heads.slice(0, 9)).toEqual(FORM_SECTIONS.map((s, i) => `${i + 1}. ${s.title}`));
      const guidance = all(f, (e) => e.name === 'p' && hasClass(e, 'guidance')).map(text);
      for (const s of FORM_SECTIONS) expect(guidance).toContain(s.guidance);
    }
    const i = example.items.findIndex((x) => x.record.id === 'npm/fastify');
    const fastify = forms[i]!;
    const body = text(fastify);
    expect(body).toContain('Routes GET /api/infusion/status to its handler');
    expect(body).toContain('PR-FASTIFY-1');
    expect(body).toContain('ARMv8-A');
    expect(body).toContain('GHSA-xxxx-yyyy-zzzz');
    expect(body).toContain('No open anomaly affects the device\'s use of fastify 5.12.8.');
    expect(body).toContain('Approved for this version and content.');
    const sig = all(fastify, (e) => e.name === 'table' && hasClass(e, 'signature'))[0]!;
    expect(bodyRows(sig).map((r) => r.slice(0, 4).map(text))).toEqual([['reviewer', 'A. Reviewer', '2026-11-21', '5.12.8'], ['approver', 'Q. Lead', '2026-11-22', '5.12.8']]);
    // an unfilled record shows its gaps, and lines to sign
    const other = forms[example.items.findIndex((x) => x.record.id === 'npm/ws')]!;
    expect(all(other, (e) => hasClass(e, 'gap')).length).toBeGreaterThan(3);
    expect(bodyRows(all(other, (e) => e.name === 'table' && hasClass(e, 'signature'))[0]!).map((r) => text(r[0]!))).toEqual(['reviewer', 'approver']);
  });

  it('draws the charts with their numbers as text: items by class, by licence, vulnerabilities by severity, completeness', () => {
    const root = parseHtml(renderHtml(example));
    const numbers = (id: string) => {
      const fig = all(root, (e) => e.name === 'figure' && e.attrs.id === id)[0]!;
      expect(byTag(fig, 'svg')[0]?.attrs.role).toBe('img');
      return new Map(bodyRows(byTag(fig, 'table')[0]!).map((r) => [text(r[0]!), Number(text(r[1]!))]));
    };
    // one filled record of class B, the others without a class; fastify's review: one high, one medium
    expect(numbers('chart-class')).toEqual(new Map([['class A', 0], ['class B', 1], ['class C', 0], ['not set', example.items.length - 1]]));
    const sev = numbers('chart-severity');
    expect([sev.get('high'), sev.get('medium'), sev.get('critical')]).toEqual([1, 1, 0]);
    const lic = numbers('chart-licence');
    expect(lic.get('MIT')).toBe(example.items.filter((i) => i.record.identification.license === 'MIT').length);
    expect([...lic.values()].reduce((a, b) => a + b, 0)).toBe(example.items.length);
    expect(numbers('chart-complete')).toEqual(new Map([['complete', 1], ['with gaps', example.items.length - 1]]));
  });

  it('is self-contained: a strict CSP, no script, nothing loaded from anywhere, links only to anchors and http(s)', () => {
    const html = renderHtml(example);
    const root = parseHtml(html);
    const csp = all(root, (e) => e.name === 'meta' && e.attrs['http-equiv'] === 'Content-Security-Policy')[0];
    expect(csp?.attrs.content).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(all(root, (e) => ['script', 'link', 'img', 'iframe', 'object', 'embed', 'base', 'form'].includes(e.name))).toEqual([]);
    expect(all(root, (e) => 'src' in e.attrs || Object.keys(e.attrs).some((a) => a.startsWith('on')))).toEqual([]);
    for (const a of byTag(root, 'a')) expect(a.attrs.href).toMatch(/^(#[a-z0-9-]+|https?:\/\/)/);
    const css = byTag(root, 'style').map(text).join('');
    expect(css).not.toMatch(/url\(|@import|@font-face/);
    // the same data gives the same bytes
    expect(renderHtml(example)).toBe(html);
  });

  it('has a contents list whose every anchor exists', () => {
    const root = parseHtml(renderHtml(example));
    const nav = byTag(root, 'nav')[0]!;
    const ids = new Set(all(root, (e) => !!e.attrs.id).map((e) => e.attrs.id));
    const targets = byTag(nav, 'a').map((a) => a.attrs.href ?? '');
    expect(targets.length).toBe(example.items.length + 5);
    for (const t of targets) expect(ids.has(t.slice(1))).toBe(true);
  });

  it('shows hostile register text as text: no markup, no script, no javascript: link, no invisible control', () => {
    const html = renderHtml(hostile);
    const root = parseHtml(html);
    // markup in a name is the name's text
    const rows = bodyRows(tableWithClass(root, 'soup-list'));
    const ws = rows[hostile.items.findIndex((i) => i.record.id === 'npm/ws')]!;
    expect(text(ws[0]!).split('\n')[0]).toBe(HOSTILE.script);
    expect(text(ws[2]!)).toBe(HOSTILE.formula);
    expect(text(ws[3]!)).toBe(HOSTILE.cdata);
    // no element but ours: no script anywhere, no event handler attribute
    expect(byTag(root, 'script')).toEqual([]);
    expect(html.match(/<script/gi)).toBeNull();
    expect(all(root, (e) => Object.keys(e.attrs).some((a) => a.startsWith('on')))).toEqual([]);
    // the javascript: source and anomaly URL stay text; the homepage's quotes cannot leave its href
    const form = all(root, (e) => e.name === 'article' && hasClass(e, 'item'))[hostile.items.findIndex((i) => i.record.id === 'npm/ws')]!;
    for (const a of byTag(root, 'a')) expect(a.attrs.href).toMatch(/^(#|https?:\/\/)/);
    expect(text(form)).toContain(HOSTILE.link);
    const home = byTag(form, 'a').find((a) => a.attrs.href?.startsWith('https://example.com/'));
    expect(home?.attrs.href).toBe('https://example.com/%22%3E%3Cscript%3Ealert%282%29%3C/script%3E');
    expect(text(home!)).toBe('https://example.com/"><script>alert(2)</script>');
    // Word fields, template commands, literal XML: plain text
    expect(text(form)).toContain(`${HOSTILE.script} ${HOSTILE.field}`);
    expect(text(form)).toContain(HOSTILE.command);
    expect(text(form)).toContain(HOSTILE.literalXml);
    // BEL and the RTL override are shown, not acted on
    expect(['\u0007', '\u202E'].filter((c) => html.includes(c))).toEqual([]);
    expect(text(form)).toContain('bell[U+0007] rtl[U+202E]evil');
    // not-SOUP rationale
    expect(text(bodyRows(tableWithClass(root, 'not-soup-list'))[0]![5]!)).toBe(`${HOSTILE.script} ${HOSTILE.formula}`);
  });
});
