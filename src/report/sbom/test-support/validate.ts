import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * The official schemas the exchange formats are checked against, offline:
 * - CycloneDX 1.6 XML: the XSD the CycloneDX library ships (res/schema/bom-1.6.SNAPSHOT.xsd, which imports its SPDX
 *   licence list XSD beside it), checked by libxml2's xmllint. The library's own XML validator needs the optional
 *   native package libxmljs2, which is not installed (and no new package may be); xmllint is libxml2 itself, the
 *   engine libxmljs2 wraps. Debian package: libxml2-utils.
 * - SPDX 2.3 and OpenVEX 0.2.0 JSON: the schemas stored unmodified in ../fixtures (see its README), with ajv.
 */

// ajv-formats is CommonJS: its default export arrives wrapped under ESM
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv | Ajv2020) => void;

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as object;

/** SPDX 2.3 (draft-07 schema). */
export function spdxValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(fixture('spdx-schema.json'));
}

/** OpenVEX 0.2.0 (2020-12 schema). */
export function openVexValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(fixture('openvex_json_schema.json'));
}

const XSD = join(dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json')), 'res/schema/bom-1.6.SNAPSHOT.xsd');

/** xmllint's complaints about the document against the CycloneDX 1.6 XSD, or null when it validates. */
export function cycloneDxXsdErrors(xml: string): string | null {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('xmllint is not installed: install Debian\'s libxml2-utils to validate CycloneDX XML against its XSD');
  }
  const dir = mkdtempSync(join(tmpdir(), 'tureen-xsd-'));
  const file = join(dir, 'bom.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
