import { describe, expect, it } from 'vitest';
import { TureenError } from '../model/errors.js';
import { parseConfig } from './load.js';

function errorOf(text: string): TureenError {
  try {
    parseConfig(text, 'tureen.config.yaml');
  } catch (e) {
    if (e instanceof TureenError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('parseConfig', () => {
  it('reads overrides', () => {
    const c = parseConfig('device:\n  name: Pump\noverrides:\n  - match: chart.js\n    soup: true\n    reason: bundled\n', 'f');
    expect(c.device?.name).toBe('Pump');
    expect(c.overrides?.[0]).toMatchObject({ match: 'chart.js', soup: true, reason: 'bundled' });
  });

  it('treats an empty file as an empty config', () => {
    expect(parseConfig('', 'f')).toEqual({});
  });

  it('names the line of a YAML syntax error', () => {
    const e = errorOf('device:\n  name: [unclosed\n');
    expect(e.code).toBe('config.invalid');
    expect(e.place?.line).toBeGreaterThanOrEqual(2);
  });

  it('names the key and line of a schema error', () => {
    const e = errorOf('device:\n  name: Pump\noverrides:\n  - match: x\n    soup: maybe\n    reason: r\n');
    expect(e.message).toMatch(/overrides\.0\.soup/);
    expect(e.place?.line).toBe(5);
  });

  it('requires a reason for every override', () => {
    expect(errorOf('overrides:\n  - match: x\n    soup: true\n').message).toMatch(/reason/);
  });

  it('rejects duplicate keys and alias bombs', () => {
    expect(errorOf('device: {}\ndevice: {}\n').code).toBe('config.invalid');
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 8; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    expect(errorOf(`${bomb.join('\n')}\n`).code).toBe('config.invalid');
  });
});
