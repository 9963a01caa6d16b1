import { describe, expect, it } from 'vitest';
import { dep5License, spdxOrName } from './license.js';

describe('licence names of OS packages', () => {
  it('maps Debian copyright-format short names to SPDX only where the mapping is exact', () => {
    // short names and meanings from https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/#license-short-name
    expect(dep5License('GPL-2+')).toEqual({ expression: 'GPL-2.0-or-later' });
    expect(dep5License('GPL-2')).toEqual({ expression: 'GPL-2.0-only' });
    expect(dep5License('LGPL-2.1+')).toEqual({ expression: 'LGPL-2.1-or-later' });
    expect(dep5License('Expat')).toEqual({ expression: 'MIT' });
    expect(dep5License('BSD-3-clause')).toEqual({ expression: 'BSD-3-Clause' });
    expect(dep5License('GPL-2+ or Artistic-2.0')).toEqual({ expression: 'GPL-2.0-or-later OR Artistic-2.0' });
    expect(dep5License('LGPL-2.1+ and BSD-3-clause')).toEqual({ expression: 'LGPL-2.1-or-later AND BSD-3-Clause' });
    for (const s of ['GPL-1+ or Artistic', 'GPL-3+ with Bison exception', 'public-domain', 'BSD-4-clause-UC', 'permissive']) expect(dep5License(s)).toEqual({ name: s });
    expect(dep5License('  ')).toBeUndefined();
  });

  it('keeps a licence as SPDX only when it already is valid SPDX', () => {
    expect(spdxOrName('MIT AND BSD-2-Clause')).toEqual({ expression: 'MIT AND BSD-2-Clause' });
    expect(spdxOrName('GPL2')).toEqual({ name: 'GPL2' });
    expect(spdxOrName('__proto__')).toEqual({ name: '__proto__' });
  });
});
