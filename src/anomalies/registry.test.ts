import { describe, expect, it } from 'vitest';
import { registryCandidates } from './registry.js';

describe('registryCandidates', () => {
  it('a deprecation message and a yank are candidates for the exact version', () => {
    expect(registryCandidates({ name: 'request', version: '2.88.2', deprecated: 'request has been deprecated, see https://github.com/request/request/issues/3142' })).toEqual([{
      id: 'registry:deprecated',
      title: 'Deprecated: request has been deprecated, see https://github.com/request/request/issues/3142',
      source: 'registry',
      reason: 'the registry marks request 2.88.2 deprecated',
    }]);
    expect(registryCandidates({ name: 'cryptography', version: '37.0.3', yanked: true })).toEqual([{
      id: 'registry:yanked',
      title: 'cryptography 37.0.3 was yanked from the registry',
      source: 'registry',
      reason: 'the registry withdrew 37.0.3 (yanked), usually for a defect',
    }]);
  });
  it('no flags, an empty message or yanked: false → nothing; control characters are cleaned', () => {
    expect(registryCandidates({ name: 'x', version: '1.0.0' })).toEqual([]);
    expect(registryCandidates({ name: 'x', version: '1.0.0', deprecated: '  ', yanked: false })).toEqual([]);
    expect(registryCandidates({ name: 'x', version: '1.0.0', deprecated: 'bad\u001b[2J\nstuff' })[0]!.title).toBe('Deprecated: bad [2J stuff');
  });
});
