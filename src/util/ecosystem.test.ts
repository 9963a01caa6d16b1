import { describe, expect, it } from 'vitest';
import { ecosystemOfPurl, identityOfPurl, isOsvEcosystem, pep503, purlTypeOf } from './ecosystem.js';

// Expected names from the OSV schema's ecosystem list (https://ossf.github.io/osv-schema/) and the purl spec's
// type definitions, written by hand.
describe('purl → OSV ecosystem and name', () => {
  const cases: [string, string, string, string][] = [
    ['pkg:npm/%40babel/core@7.22.0', 'npm', '@babel/core', '7.22.0'],
    ['pkg:pypi/Zope.Interface@6.0', 'PyPI', 'zope-interface', '6.0'],
    ['pkg:pypi/typing_extensions@4.12.2', 'PyPI', 'typing-extensions', '4.12.2'],
    ['pkg:cargo/serde@1.0.0', 'crates.io', 'serde', '1.0.0'],
    ['pkg:golang/github.com/gorilla/mux@v1.8.0', 'Go', 'github.com/gorilla/mux', 'v1.8.0'],
    ['pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar', 'Maven', 'org.apache.commons:commons-lang3', '3.12.0'],
    ['pkg:nuget/Newtonsoft.Json@13.0.1', 'NuGet', 'Newtonsoft.Json', '13.0.1'],
    ['pkg:composer/laravel/framework@10.0.0', 'Packagist', 'laravel/framework', '10.0.0'],
    ['pkg:gem/rails@7.0.0', 'RubyGems', 'rails', '7.0.0'],
    ['pkg:pub/http@1.1.0', 'Pub', 'http', '1.1.0'],
    ['pkg:swift/github.com/apple/swift-nio@2.0.0', 'SwiftURL', 'github.com/apple/swift-nio', '2.0.0'],
    ['pkg:conan/zlib@1.2.13', 'ConanCenter', 'zlib', '1.2.13'],
    ['pkg:hex/phoenix@1.7.0', 'Hex', 'phoenix', '1.7.0'],
    ['pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12', 'Debian:12', 'curl', '7.88.1-10'],
    ['pkg:deb/debian/curl@7.88.1-10?distro=bookworm', 'Debian:12', 'curl', '7.88.1-10'],
    ['pkg:deb/debian/curl@7.88.1-10', 'Debian', 'curl', '7.88.1-10'],
    ['pkg:deb/ubuntu/openssl@3.0.2?distro=ubuntu-22.04', 'Ubuntu:22.04:LTS', 'openssl', '3.0.2'],
    ['pkg:deb/ubuntu/openssl@3.0.2?distro=jammy', 'Ubuntu:22.04:LTS', 'openssl', '3.0.2'],
    ['pkg:deb/ubuntu/openssl@3.0.13?distro=ubuntu-23.10', 'Ubuntu:23.10', 'openssl', '3.0.13'],
    ['pkg:apk/alpine/musl@1.2.4-r2?distro=alpine-3.19.1', 'Alpine:v3.19', 'musl', '1.2.4-r2'],
    ['pkg:rpm/redhat/openssl@3.0.7', 'Red Hat', 'openssl', '3.0.7'],
    ['pkg:alpine/musl@1.2.2-r7?arch=x86_64', 'Alpine', 'musl', '1.2.2-r7'], // syft 0.34 wrote this type
    ['pkg:generic/acme/sdk@1.0', 'generic', 'acme/sdk', '1.0'],
  ];
  for (const [purl, eco, name, version] of cases) {
    it(purl, () => {
      const id = identityOfPurl(purl);
      expect([id?.ecosystem, id?.name, id?.version]).toEqual([eco, name, version]);
    });
  }

  it('gives the canonical purl (packageurl-js form) and undefined for non-purls', () => {
    expect(identityOfPurl('pkg:PYPI/Django_Rest@1.0')?.purl).toBe('pkg:pypi/django-rest@1.0');
    expect(identityOfPurl('not a purl')).toBeUndefined();
    // cyclonedx-npm writes the repository folder as subpath: not part of the package's identity
    const sub = identityOfPurl('pkg:npm/%40babel/parser@7.21.2#packages/babel-parser');
    expect([sub?.purl, sub?.subpath]).toEqual(['pkg:npm/%40babel/parser@7.21.2', 'packages/babel-parser']);
    expect(identityOfPurl('pkg:npm')).toBeUndefined();
  });

  it('maps ecosystems back to purl types', () => {
    for (const [eco, type] of [['PyPI', 'pypi'], ['crates.io', 'cargo'], ['Go', 'golang'], ['Maven', 'maven'], ['Debian:12', 'deb'], ['Alpine:v3.19', 'apk'], ['Ubuntu:22.04', 'deb'], ['Red Hat', 'rpm'], ['SwiftURL', 'swift']]) {
      expect(purlTypeOf(eco as string), eco).toBe(type);
    }
    expect(purlTypeOf('nope')).toBeUndefined();
  });

  it('tells OSV ecosystems from the names Tureen chose', () => {
    expect(isOsvEcosystem('Debian:12')).toBe(true);
    expect(isOsvEcosystem('crates.io')).toBe(true);
    expect(isOsvEcosystem('generic')).toBe(false);
    expect(ecosystemOfPurl({ type: 'github', namespace: 'a', qualifiers: undefined })).toBe('GIT');
  });

  it('normalises PyPI names per PEP 503', () => {
    expect(pep503('Foo.Bar__baz--Q')).toBe('foo-bar-baz-q');
  });
});
