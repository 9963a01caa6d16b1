import { TureenError } from '../../model/errors.js';
import type { Source } from '../source.js';
import { extractJar, nameFromFile, SOURCE_ID } from './extract.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';

const OUTPUT = new Set(['target', 'build', 'out', 'node_modules', '.gradle', '.m2']);

export const source: Source = {
  id: SOURCE_ID,
  ecosystem: 'Maven',
  description: 'Java archives committed in the repository (.jar, .aar, .war; not build output): identity from pom.properties or MANIFEST, SHA-1/SHA-256',
  binary: true,
  matches(path) {
    return /\.(jar|aar|war)$/i.test(path) && !path.split('/').slice(0, -1).some((s) => OUTPUT.has(s));
  },
  extract(path, repo) {
    const bytes = repo.bytes(path);
    if (bytes !== undefined) return extractJar({ file: path, bytes });
    const size = repo.size(path);
    if (size === undefined) {
      throw new TureenError({ code: 'input.unreadable', file: path, message: 'cannot read the file', fix: 'Check that the file exists and is readable.' });
    }
    // too large to read at once: list it by its file name so that it is not lost
    const { name, version } = nameFromFile(path);
    const safe = name.replace(/[^\w.+-]/g, '_') || 'archive';
    const c = component({ ecosystem: 'jar', name: safe, version, purl: purlOf('generic', undefined, safe, version), scope: 'runtime', direct: true, origin: { type: 'vendored', ref: path }, evidence: [{ file: path, key: 'archive', source: SOURCE_ID }] });
    return {
      components: [c],
      findings: [{ rule: `${SOURCE_ID}.too-large`, severity: 'warning', file: path, item: c.key, message: `the archive (${size} bytes) is too large for Tureen to read: listed by its file name only, without hashes`, fix: 'Identify it by hand (sha1sum, then Maven Central search by checksum), or depend on the published artifact through the build.' }],
    };
  },
};
