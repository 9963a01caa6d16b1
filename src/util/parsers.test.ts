import { describe, expect, it } from 'vitest';
import { parseToml } from './toml.js';
import { parseXml } from './xml.js';
import { parseYaml } from './yaml.js';
import { thrown } from '../test-support/thrown.js';


describe('parseXml', () => {
  it('reads elements, attributes and the built-in entities', () => {
    const x = parseXml('<a v="1"><b>&lt;x&gt;</b><c>1</c></a>', 'f.xml', { arrays: ['c'] });
    expect(x).toEqual({ a: { '@_v': '1', b: '<x>', c: ['1'] } });
  });
  it('refuses DOCTYPE entity declarations (XXE, entity bombs) with the line', () => {
    const e = thrown(() => parseXml('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<a>&x;</a>', 'p.xml'));
    expect(e.code).toBe('input.malformed');
    expect(e.file).toBe('p.xml');
    expect(e.place?.line).toBe(2);
  });
  it('reports prototype-polluting element names as malformed, and pollutes nothing', () => {
    expect(thrown(() => parseXml('<a><__proto__><p>1</p></__proto__></a>', 'f.xml')).code).toBe('input.malformed');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});

describe('parseToml', () => {
  it('gives line and column of a syntax error', () => {
    const e = thrown(() => parseToml('a = 1\nb = [\n', 'Cargo.lock'));
    expect(e.file).toBe('Cargo.lock');
    expect(e.place?.line).toBe(3);
  });
  it('keeps __proto__ as data', () => {
    const t = parseToml('[__proto__]\npolluted = 1\n', 'x.toml');
    expect(Object.keys(t)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseYaml', () => {
  it('refuses duplicate keys with the line', () => {
    const e = thrown(() => parseYaml('a: 1\nb: 2\na: 3\n', 'pubspec.lock'));
    expect(e.place?.line).toBe(3);
  });
  it('stops alias bombs', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(',')}]`)].join('\n');
    expect(thrown(() => parseYaml(bomb, 'west.yml')).code).toBe('input.malformed');
  });
});
