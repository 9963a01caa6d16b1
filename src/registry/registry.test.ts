import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientContext } from './client.js';
import { cratesClient } from './crates.js';
import { goClient } from './go.js';
import { HttpClient } from '../net/http.js';
import { mavenClient } from './maven.js';
import { npmClient } from './npm.js';
import { nugetClient } from './nuget.js';
import { packagistClient } from './packagist.js';
import { pypiClient } from './pypi.js';
import { rubygemsClient } from './rubygems.js';
import { type ReplayServer, type Route, startReplayServer } from '../net/test-support/server.js';
import { RegistryError } from '../net/http.js';

const fixture = (p: string) => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), 'utf8');
const json = (p: string): unknown => JSON.parse(fixture(p));
const NOW = new Date('2026-11-26T12:00:00.000Z');

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(routes: Record<string, Route>, prefix = ''): Promise<ClientContext> {
  server = await startReplayServer(new Map(Object.entries(routes)));
  return { http: new HttpClient({ retryBaseMs: 0 }), baseUrl: `${server.url}${prefix}`, now: () => NOW };
}
const paths = () => server!.requests.map((r) => r.path);

describe('npm client (recorded registry.npmjs.org responses)', () => {
  it('maps left-pad 1.3.0: license, author, git@ repository, time[version]', async () => {
    const ctx = await serve({ '/left-pad': { body: fixture('npm/left-pad.json') } });
    const md = await npmClient(ctx).fetch('left-pad', '1.3.0');
    const doc = json('npm/left-pad.json') as { versions: Record<string, { license: string; author: string }>; time: Record<string, string> };
    const v = doc.versions['1.3.0']!;
    expect(md).toEqual({
      supplier: v.author, // "azer"
      license: v.license, // "WTFPL"
      sourceUrl: 'https://github.com/stevemao/left-pad', // from "git@github.com:stevemao/left-pad.git"
      releaseDate: doc.time['1.3.0']!.slice(0, 10), // the file's times are UTC (+00:00)
      registry: new URL(ctx.baseUrl).host,
      fetchedAt: NOW.toISOString(),
    });
    expect(paths()).toEqual(['/left-pad']);
  });

  it('maps is-number 7.0.0: person string with URL, owner/repo shorthand, homepage', async () => {
    const ctx = await serve({ '/is-number': { body: fixture('npm/is-number.json') } });
    const md = await npmClient(ctx).fetch('is-number', '7.0.0');
    const doc = json('npm/is-number.json') as { versions: Record<string, { license: string; homepage: string }>; time: Record<string, string> };
    expect(md?.supplier).toBe('Jon Schlinkert'); // "Jon Schlinkert (https://github.com/jonschlinkert)"
    expect(md?.license).toBe(doc.versions['7.0.0']!.license);
    expect(md?.sourceUrl).toBe('https://github.com/jonschlinkert/is-number'); // "jonschlinkert/is-number"
    expect(md?.homepage).toBe(doc.versions['7.0.0']!.homepage);
    expect(md?.releaseDate).toBe(doc.time['7.0.0']!.slice(0, 10));
    expect(md?.deprecated).toBeUndefined();
    expect(md?.prerequisites).toEqual({ software: ['node >=0.12.0'] }); // versions["7.0.0"].engines
  });

  it('asks for a scoped package as @scope%2Fname and maps it', async () => {
    const ctx = await serve({ '/@isaacs%2Fstring-locale-compare': { body: fixture('npm/isaacs-string-locale-compare.json') } });
    const md = await npmClient(ctx).fetch('@isaacs/string-locale-compare', '1.1.0');
    const doc = json('npm/isaacs-string-locale-compare.json') as { versions: Record<string, { license: string }>; time: Record<string, string> };
    expect(paths()).toEqual(['/@isaacs%2Fstring-locale-compare']);
    expect(md?.supplier).toBe('Isaac Z. Schlueter'); // "Isaac Z. Schlueter <i@izs.me> (https://izs.me)"
    expect(md?.license).toBe(doc.versions['1.1.0']!.license);
    expect(md?.sourceUrl).toBe('https://github.com/isaacs/string-locale-compare'); // "git+https://github.com/isaacs/string-locale-compare"
    expect(md?.releaseDate).toBe(doc.time['1.1.0']!.slice(0, 10));
  });

  it('a version the packument does not list is not found (undefined), not an error', async () => {
    const ctx = await serve({ '/left-pad': { body: fixture('npm/left-pad.json') } });
    expect(await npmClient(ctx).fetch('left-pad', '9.9.9')).toBeUndefined();
    expect(await npmClient(ctx).fetch('left-pad', 'constructor')).toBeUndefined();
    expect(await npmClient(ctx).fetch('left-pad', '__proto__')).toBeUndefined();
  });

  it('maps deprecation and the legacy licence forms (hand-written document)', async () => {
    const ctx = await serve({ '/tureen-deprecated-example': { body: fixture('npm/deprecated-example.json') } });
    const c = npmClient(ctx);
    const v1 = await c.fetch('tureen-deprecated-example', '1.0.0');
    expect(v1).toMatchObject({
      deprecated: '1.x is no longer maintained; upgrade to 2.x',
      license: 'MIT', // { type: "MIT", url }
      sourceUrl: 'https://github.com/example-org/deprecated-example', // "github:example-org/deprecated-example"
      supplier: 'alice, bob', // no author: the maintainers
      releaseDate: '2020-01-01',
    });
    const v2 = await c.fetch('tureen-deprecated-example', '2.0.0');
    expect(v2).toMatchObject({
      license: 'MIT OR Apache-2.0',
      supplier: 'Example Org',
      sourceUrl: 'https://github.com/example-org/deprecated-example', // git+ssh://git@github.com/…/x.git
      homepage: 'https://example.org/deprecated-example',
      releaseDate: '2021-06-01', // 23:59:59.999-02:00 is the next day in UTC
    });
    expect(v2?.deprecated).toBeUndefined(); // deprecated: false
  });

  it('a packument over the size cap: the version manifest instead (recorded), without a release date', async () => {
    server = await startReplayServer(new Map(Object.entries({
      '/left-pad': { body: fixture('npm/left-pad.json') },
      '/left-pad/1.3.0': { body: fixture('npm/left-pad-1.3.0.json') },
    })));
    const packumentSize = Buffer.byteLength(fixture('npm/left-pad.json'));
    const manifestSize = Buffer.byteLength(fixture('npm/left-pad-1.3.0.json'));
    expect(manifestSize).toBeLessThan(packumentSize);
    const ctx: ClientContext = { http: new HttpClient({ maxBytes: manifestSize }), baseUrl: server.url, now: () => NOW };
    const md = await npmClient(ctx).fetch('left-pad', '1.3.0');
    const manifest = json('npm/left-pad-1.3.0.json') as { license: string; author: string };
    expect(md).toEqual({
      supplier: manifest.author,
      license: manifest.license,
      sourceUrl: 'https://github.com/stevemao/left-pad',
      registry: new URL(ctx.baseUrl).host,
      fetchedAt: NOW.toISOString(),
    });
    expect(paths()).toEqual(['/left-pad', '/left-pad/1.3.0']);
  });

  it('a package document that is not one is a malformed-answer failure', async () => {
    const ctx = await serve({ '/x': { body: '[1,2,3]' }, '/y': { body: '{"versions":{"1.0.0":"nope"}}' } });
    await expect(npmClient(ctx).fetch('x', '1.0.0')).rejects.toMatchObject({ kind: 'malformed' });
    await expect(npmClient(ctx).fetch('y', '1.0.0')).rejects.toBeInstanceOf(RegistryError);
  });
});

describe('PyPI client (documented JSON API)', () => {
  it('maps requests 2.31.0', async () => {
    const ctx = await serve({ '/pypi/requests/2.31.0/json': { body: fixture('pypi/requests-2.31.0.json') } }, '/pypi');
    const md = await pypiClient(ctx).fetch('requests', '2.31.0');
    expect(md).toEqual({
      supplier: 'Kenneth Reitz',
      license: 'Apache 2.0', // info.license is short: kept as written
      sourceUrl: 'https://github.com/psf/requests',
      homepage: 'https://requests.readthedocs.io',
      releaseDate: '2023-05-22',
      yanked: false,
      prerequisites: { software: ['python >=3.7'] }, // info.requires_python
      registry: new URL(ctx.baseUrl).host,
      fetchedAt: NOW.toISOString(),
    });
  });

  it('licence text is not a licence: classifiers instead; author_email names; yanked', async () => {
    const ctx = await serve({ '/pypi/yanked-example/0.9.0/json': { body: fixture('pypi/yanked-example-0.9.0.json') } }, '/pypi');
    const md = await pypiClient(ctx).fetch('yanked-example', '0.9.0');
    expect(md).toMatchObject({
      supplier: 'Jane Doe, Sam Roe',
      license: 'MIT OR BSD-3-Clause',
      sourceUrl: 'https://gitlab.com/jdoe/yanked-example',
      homepage: 'https://example.org/yanked-example',
      releaseDate: '2021-12-31',
      yanked: true,
    });
  });

  it('license_expression (PEP 639) wins; maintainer as supplier; no files, no date', async () => {
    const ctx = await serve({ '/pypi/pep639-example/3.0.0/json': { body: fixture('pypi/pep639-example-3.0.0.json') } }, '/pypi');
    const md = await pypiClient(ctx).fetch('pep639-example', '3.0.0');
    expect(md).toMatchObject({ license: 'Apache-2.0 OR BSD-2-Clause', supplier: 'The Example Team', yanked: false });
    expect(md?.releaseDate).toBeUndefined();
    expect(md?.sourceUrl).toBeUndefined();
  });
});

describe('crates.io client (documented API)', () => {
  it('maps serde 1.0.188 from the version and the crate documents, with a User-Agent', async () => {
    const ctx = await serve({
      '/api/v1/crates/serde/1.0.188': { body: fixture('crates/serde-1.0.188.json') },
      '/api/v1/crates/serde': { body: fixture('crates/serde.json') },
    }, '/api/v1');
    const md = await cratesClient(ctx).fetch('serde', '1.0.188');
    expect(md).toEqual({
      supplier: 'David Tolnay',
      license: 'MIT OR Apache-2.0',
      sourceUrl: 'https://github.com/serde-rs/serde',
      homepage: 'https://serde.rs',
      releaseDate: '2023-08-26',
      yanked: false,
      prerequisites: { software: ['rust >=1.31'] }, // version.rust_version (a minimum)
      registry: new URL(ctx.baseUrl).host,
      fetchedAt: NOW.toISOString(),
    });
    expect(paths()).toEqual(['/api/v1/crates/serde/1.0.188', '/api/v1/crates/serde']);
    for (const r of server!.requests) expect(r.headers['user-agent']).toMatch(/^tureen\/\d/);
  });

  it('asks for the crate document once for several versions of one crate', async () => {
    const ctx = await serve({
      '/api/v1/crates/serde/1.0.188': { body: fixture('crates/serde-1.0.188.json') },
      '/api/v1/crates/serde/1.0.187': { body: fixture('crates/serde-1.0.188.json') },
      '/api/v1/crates/serde': { body: fixture('crates/serde.json') },
    }, '/api/v1');
    const c = cratesClient(ctx);
    await Promise.all([c.fetch('serde', '1.0.188'), c.fetch('serde', '1.0.187')]);
    expect(paths().filter((p) => p === '/api/v1/crates/serde')).toHaveLength(1);
  });

  it('a yanked version keeps its yank message; a missing crate document leaves the repository out', async () => {
    const ctx = await serve({ '/api/v1/crates/yanked-crate/0.1.0': { body: fixture('crates/yanked-crate-0.1.0.json') } }, '/api/v1');
    const md = await cratesClient(ctx).fetch('yanked-crate', '0.1.0');
    expect(md).toMatchObject({ yanked: true, deprecated: 'security issue, use 0.1.1', license: 'MIT', releaseDate: '2019-03-01' });
    expect(md?.supplier).toBeUndefined();
    expect(md?.sourceUrl).toBeUndefined();
  });
});

describe('Maven Central client (POM)', () => {
  it('maps junit 4.13.2: licence, organisation, scm url, Last-Modified', async () => {
    const ctx = await serve({
      '/maven2/junit/junit/4.13.2/junit-4.13.2.pom': { body: fixture('maven/junit-4.13.2.pom'), headers: { 'content-type': 'text/xml', 'last-modified': 'Sat, 13 Feb 2021 16:58:33 GMT' } },
    }, '/maven2');
    const md = await mavenClient(ctx).fetch('junit:junit', '4.13.2');
    expect(md).toEqual({
      supplier: 'JUnit',
      license: 'Eclipse Public License 1.0',
      sourceUrl: 'https://github.com/junit-team/junit4',
      homepage: 'http://junit.org',
      releaseDate: '2021-02-13',
      registry: new URL(ctx.baseUrl).host,
      fetchedAt: NOW.toISOString(),
    });
  });

  it('several licences are OR; developers\' organisation; scm connection; group dots become folders', async () => {
    const ctx = await serve({ '/maven2/org/example/soup/multi/1.0/multi-1.0.pom': { body: fixture('maven/multi-1.0.pom') } }, '/maven2');
    const md = await mavenClient(ctx).fetch('org.example.soup:multi', '1.0');
    expect(md).toMatchObject({ license: '(Apache License, Version 2.0) OR MIT', supplier: 'Example Labs', sourceUrl: 'https://gitlab.example.org/soup/multi' });
    expect(md?.releaseDate).toBeUndefined();
  });

  it('a name that is not group:artifact, or tries to leave the repository path, is not asked for', async () => {
    const ctx = await serve({});
    expect(await mavenClient(ctx).fetch('no-colon', '1.0')).toBeUndefined();
    expect(await mavenClient(ctx).fetch('g:a', '../../etc')).toBeUndefined();
    expect(paths()).toEqual([]);
  });

  it('a POM with entity declarations is refused as malformed', async () => {
    const evil = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><project><name>&x;</name></project>';
    const ctx = await serve({ '/g/a/1/a-1.pom': { body: evil } });
    await expect(mavenClient(ctx).fetch('g:a', '1')).rejects.toMatchObject({ kind: 'malformed' });
  });
});

describe('NuGet client (registration leaf → catalog entry)', () => {
  it('follows catalogEntry (nuget.org host → the configured registry) and maps Newtonsoft.Json 13.0.3', async () => {
    const ctx = await serve({
      '/v3/registration5-gz-semver2/newtonsoft.json/13.0.3.json': { body: fixture('nuget/newtonsoft.json-13.0.3.leaf.json') },
      '/v3/catalog0/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json': { body: fixture('nuget/newtonsoft.json-13.0.3.catalog.json') },
    }, '/v3/registration5-gz-semver2');
    const md = await nugetClient(ctx).fetch('Newtonsoft.Json', '13.0.3');
    expect(md).toEqual({
      supplier: 'James Newton-King',
      license: 'MIT',
      homepage: 'https://www.newtonsoft.com/json',
      releaseDate: '2023-03-08',
      registry: new URL(ctx.baseUrl).host,
      fetchedAt: NOW.toISOString(),
    });
    expect(paths()).toEqual(['/v3/registration5-gz-semver2/newtonsoft.json/13.0.3.json', '/v3/catalog0/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json']);
  });

  it('an inlined catalogEntry: deprecation reasons, author list, 1900 is no date, licenseUrl is no licence', async () => {
    const ctx = await serve({ '/old.lib/1.2.0-beta.json': { body: fixture('nuget/old.lib-1.2.0-beta.leaf.json') } });
    const md = await nugetClient(ctx).fetch('Old.Lib', '1.2.0-BETA');
    expect(md).toMatchObject({ supplier: 'Old Corp, A. Person', deprecated: 'legacy, critical bugs' });
    expect(md?.releaseDate).toBeUndefined();
    expect(md?.license).toBeUndefined();
  });

  it('a catalogEntry on another host is not followed', async () => {
    const ctx = await serve({ '/evil/1.0.0.json': { body: fixture('nuget/evil.leaf.json') } });
    await expect(nugetClient(ctx).fetch('evil', '1.0.0')).rejects.toMatchObject({ kind: 'malformed' });
    expect(paths()).toEqual(['/evil/1.0.0.json']);
  });
});

describe('Packagist client (Composer 2 metadata)', () => {
  it('expands minified versions: inherited keys and __unset', async () => {
    const ctx = await serve({ '/p2/monolog/monolog.json': { body: fixture('packagist/monolog.json') } }, '/p2');
    const c = packagistClient(ctx);
    expect(await c.fetch('monolog/monolog', '3.4.0')).toMatchObject({
      supplier: 'Jordi Boggiano', license: 'MIT', sourceUrl: 'https://github.com/Seldaek/monolog', homepage: 'https://github.com/Seldaek/monolog', releaseDate: '2023-06-21',
    });
    expect(await c.fetch('monolog/monolog', '2.9.1')).toMatchObject({ supplier: 'Jordi Boggiano', license: 'MIT', homepage: 'https://github.com/Seldaek/monolog', releaseDate: '2023-02-06' });
    const v1 = await c.fetch('monolog/monolog', '1.0.0');
    expect(v1).toMatchObject({ supplier: 'Jordi Boggiano, Other Person', license: 'MIT', sourceUrl: 'https://github.com/Seldaek/monolog', releaseDate: '2011-07-07' });
    expect(v1?.homepage).toBeUndefined(); // "__unset"
    expect((await c.fetch('monolog/monolog', '3.4.0'))?.prerequisites).toEqual({ software: ['php >=8.1'] }); // require.php; psr/log is a dependency, not a prerequisite
    expect(await c.fetch('monolog/monolog', '0.1.0')).toBeUndefined();
  });

  it('abandoned with a replacement; "v" tags; git@ source; two licences', async () => {
    const ctx = await serve({ '/p2/acme/old-thing.json': { body: fixture('packagist/abandoned.json') } }, '/p2');
    const md = await packagistClient(ctx).fetch('acme/old-thing', '2.1.0');
    expect(md).toMatchObject({
      deprecated: 'abandoned; use acme/new-thing instead', license: 'GPL-2.0-or-later OR MIT', supplier: 'Acme Inc.',
      sourceUrl: 'https://bitbucket.org/acme/old-thing', releaseDate: '2016-02-29',
    });
  });
});

describe('RubyGems client (API v2)', () => {
  it('maps rack 3.0.8', async () => {
    const ctx = await serve({ '/api/v2/rubygems/rack/versions/3.0.8.json': { body: fixture('rubygems/rack-3.0.8.json') } }, '/api/v2');
    expect(await rubygemsClient(ctx).fetch('rack', '3.0.8')).toEqual({
      supplier: 'Leah Neukirchen',
      license: 'MIT',
      sourceUrl: 'https://github.com/rack/rack',
      homepage: 'https://github.com/rack/rack',
      releaseDate: '2023-06-14',
      yanked: false,
      prerequisites: { software: ['ruby >= 2.4.0'] }, // ruby_version
      registry: new URL(ctx.baseUrl).host,
      fetchedAt: NOW.toISOString(),
    });
  });

  it('metadata.source_code_uri fallback, distinct authors, licences OR, yanked', async () => {
    const ctx = await serve({ '/api/v2/rubygems/yanked-gem/versions/0.2.0.json': { body: fixture('rubygems/yanked-gem-0.2.0.json') } }, '/api/v2');
    expect(await rubygemsClient(ctx).fetch('yanked-gem', '0.2.0')).toMatchObject({
      supplier: 'Ada, Grace', license: 'Ruby OR BSD-2-Clause', sourceUrl: 'https://github.com/example/yanked-gem', releaseDate: '2015-05-05', yanked: true,
    });
  });
});

describe('Go proxy client', () => {
  it('escapes capitals, adds "v" to OSV versions, maps Time and Origin.URL; no licence', async () => {
    const ctx = await serve({ '/github.com/!burnt!sushi/toml/@v/v1.3.2.info': { body: fixture('go/toml-v1.3.2.info') } });
    const md = await goClient(ctx).fetch('github.com/BurntSushi/toml', '1.3.2');
    expect(md).toEqual({ sourceUrl: 'https://github.com/BurntSushi/toml', releaseDate: '2023-06-08', registry: new URL(ctx.baseUrl).host, fetchedAt: NOW.toISOString() });
    expect(paths()).toEqual(['/github.com/!burnt!sushi/toml/@v/v1.3.2.info']);
  });

  it('keeps "+incompatible" as the go command writes it and never leaves the module path', async () => {
    const ctx = await serve({ '/github.com/!azure/go-autorest/@v/v14.2.0+incompatible.info': { body: '{"Version":"v14.2.0+incompatible","Time":"2020-07-01T00:00:00Z"}' } });
    expect(await goClient(ctx).fetch('github.com/Azure/go-autorest', '14.2.0+incompatible')).toMatchObject({ releaseDate: '2020-07-01' });
    await goClient(ctx).fetch('../../etc/passwd', '1.0.0');
    expect(paths()[1]).toBe('/etc/passwd/@v/v1.0.0.info');
  });

  it('an .info without Origin gives the date only; 410 Gone is not found', async () => {
    const ctx = await serve({ '/golang.org/x/text/@v/v0.14.0.info': { body: fixture('go/x-text-v0.14.0.info') }, '/example.com/gone/@v/v1.0.0.info': { status: 410, body: 'not found' } });
    const md = await goClient(ctx).fetch('golang.org/x/text', 'v0.14.0');
    expect(md).toMatchObject({ releaseDate: '2023-10-11' });
    expect(md?.sourceUrl).toBeUndefined();
    expect(md?.license).toBeUndefined();
    expect(await goClient(ctx).fetch('example.com/gone', '1.0.0')).toBeUndefined();
  });
});
