import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../scan.js';

const CONFIG = `device:
  name: Infusion pump
declared:
  - name: embOS
    version: 5.18.0
    kind: operating-system
    supplier: SEGGER Microcontroller GmbH
    license: LicenseRef-SEGGER-Commercial
    cpe: cpe:2.3:o:segger:embos:5.18.0:*:*:*:*:*:*:*
    paths: [firmware/embos/]
  - name: BQ27441 fuel gauge firmware
    version: G1B
    firmware: true
    supplier: Texas Instruments
    reason: Runs inside the battery fuel-gauge IC; the pump software only reads its registers over I2C.
  - name: DoseCalc
    version: 3.1.0
    kind: subcontracted-module
    supplier: MedSoft Ltd
    contract:
      reference: MSA-2023-014
      iec62304Records: true
  - name: ConnectKit
    version: 2.4.1
    kind: subcontracted-module
    supplier: Acme Integrations
    contract:
      reference: PO-7781
      iec62304Records: false
  - name: Acme telemetry cloud
    version: 2024-06
    kind: cloud-service
    purl: pkg:generic/acme/telemetry-cloud@2024-06
    paths: [nowhere/**]
`;

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tureen-declared-'));
  writeFileSync(join(dir, 'tureen.config.yaml'), CONFIG);
  mkdirSync(join(dir, 'firmware/embos/inc'), { recursive: true });
  writeFileSync(join(dir, 'firmware/embos/inc/RTOS.h'), '/* embOS */\n');
  return dir;
}

describe('declared items in tureen.config.yaml', () => {
  it('become items with the decision the declaration implies, each citing its config line', async () => {
    const inv = await scan(repo());
    const by = new Map(inv.components.map((c) => [c.name, c]));
    expect([...by.keys()].sort()).toEqual(['Acme telemetry cloud', 'BQ27441 fuel gauge firmware', 'ConnectKit', 'DoseCalc', 'embOS']);

    const os = by.get('embOS')!;
    expect(os.classification).toMatchObject({ soup: true, branch: 'off-the-shelf', kind: 'operating-system', rule: 'declared.operating-system' });
    expect(os.version).toBe('5.18.0');
    expect(os.cpe).toBe('cpe:2.3:o:segger:embos:5.18.0:*:*:*:*:*:*:*');
    expect(os.licenses).toEqual([{ expression: 'LicenseRef-SEGGER-Commercial' }]);
    expect(os.supplier).toBe('SEGGER Microcontroller GmbH');
    expect(os.evidence).toEqual([
      { file: 'tureen.config.yaml', line: 4, key: 'declared[0]', source: 'declared' },
      { file: 'firmware/embos/inc/RTOS.h', source: 'declared' },
    ]);

    const fw = by.get('BQ27441 fuel gauge firmware')!;
    expect(fw.classification).toMatchObject({ soup: false, branch: null, kind: 'firmware', rule: 'declared.firmware' });
    expect(fw.classification.rationale).toContain('only reads its registers');
    expect(fw.classification.rationale).toContain('tureen.config.yaml:11');

    const withRecords = by.get('DoseCalc')!;
    expect(withRecords.classification).toMatchObject({ soup: false, kind: 'subcontracted-module', rule: 'declared.contract-records' });
    expect(withRecords.classification.rationale).toContain('MSA-2023-014');

    const noRecords = by.get('ConnectKit')!;
    expect(noRecords.classification).toMatchObject({ soup: true, branch: 'off-the-shelf', rule: 'declared.contract-no-records' });

    const cloud = by.get('Acme telemetry cloud')!;
    expect(cloud.purl).toBe('pkg:generic/acme/telemetry-cloud@2024-06');
    expect(cloud.classification).toMatchObject({ soup: true, kind: 'cloud-service' });
    const missing = inv.findings.filter((f) => f.rule === 'declared.path-missing');
    expect(missing.map((f) => f.item)).toEqual([cloud.key]);
    expect(missing[0]!.line).toBe(30);
  });

  it('an override still wins over a declaration', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'tureen.config.yaml'), `${CONFIG}overrides:\n  - match: ConnectKit\n    soup: false\n    kind: first-party\n    reason: Re-developed in house in 2025 under our process.\n`);
    const inv = await scan(dir);
    const c = inv.components.find((x) => x.name === 'ConnectKit')!;
    expect(c.classification).toMatchObject({ soup: false, rule: 'config.override' });
    expect(c.classification.rationale).toContain('declared.contract-no-records');
  });

  it('a declaration without a version is a config error naming the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tureen-declared-'));
    writeFileSync(join(dir, 'tureen.config.yaml'), 'declared:\n  - name: embOS\n    kind: operating-system\n');
    await expect(scan(dir)).rejects.toMatchObject({ code: 'config.invalid', place: { line: 2, key: 'declared.0.version' } });
  });
});
