import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractDockerfile } from './extract.js';
import { osOfImage, parseImageRef } from './image.js';
import { isDockerfile, source } from './index.js';
import { parseDockerfile } from './parse.js';
import { splitCommands } from './shell.js';
import { expand } from './vars.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
/** 1-based line of the first line containing `needle` (an independent way to place items). */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const summary = (r: ReturnType<typeof extractDockerfile>) =>
  r.components.map((c) => `${c.kind ?? 'library'} ${c.scope} ${c.ecosystem} ${c.name}@${c.version}`).sort();

describe('real Dockerfiles', () => {
  it('golang 1.12 alpine3.10 (docker-library): the alpine base, ca-certificates shipped, the .build-deps group removed again', () => {
    const text = read('golang-1.12-alpine3.10/Dockerfile');
    const r = extractDockerfile('Dockerfile', text);
    // by hand from the file: FROM alpine:3.10; "apk add --no-cache ca-certificates";
    // "apk add --no-cache --virtual .build-deps bash gcc musl-dev openssl go" … "apk del .build-deps"
    expect(summary(r)).toEqual([
      'container-image runtime Docker docker.io/library/alpine@3.10',
      'operating-system runtime Alpine:v3.10 alpine@3.10',
      'os-package build Alpine:v3.10 bash@', 'os-package build Alpine:v3.10 gcc@', 'os-package build Alpine:v3.10 go@',
      'os-package build Alpine:v3.10 musl-dev@', 'os-package build Alpine:v3.10 openssl@',
      'os-package runtime Alpine:v3.10 ca-certificates@',
    ]);
    const gcc = r.components.find((c) => c.name === 'gcc');
    expect(gcc?.evidence[0]?.line).toBe(lineOf(text, '\t\tgcc \\'));
    expect(gcc?.properties).toContainEqual({ name: 'apk:virtual', value: '.build-deps' });
    expect(gcc?.purl).toBe('pkg:apk/alpine/gcc?distro=alpine-3.10');
    expect(r.findings.filter((f) => f.rule === 'dockerfile.unpinned')).toHaveLength(6);
  });

  it('golang 1.12 buster: buildpack-deps:buster-scm is Debian 10; comments inside the RUN do not hide packages', () => {
    const text = read('golang-1.12-buster/Dockerfile');
    const r = extractDockerfile('Dockerfile', text);
    expect(summary(r)).toEqual([
      'container-image runtime Docker docker.io/library/buildpack-deps@buster-scm',
      'operating-system runtime Debian:10 debian@10',
      'os-package runtime Debian:10 g++@', 'os-package runtime Debian:10 gcc@', 'os-package runtime Debian:10 libc6-dev@',
      'os-package runtime Debian:10 make@', 'os-package runtime Debian:10 pkg-config@',
    ]);
    expect(r.components.find((c) => c.name === 'pkg-config')?.evidence[0]?.line).toBe(lineOf(text, 'pkg-config'));
  });

  it('a base image pinned by digest: the digest becomes a SHA-256 hash', () => {
    const r = extractDockerfile('Dockerfile', read('debian-bullseye-digest/Dockerfile'));
    const img = r.components.find((c) => c.kind === 'container-image');
    expect(img).toMatchObject({
      name: 'docker.io/library/debian', version: 'bullseye-slim', purl: 'pkg:docker/library/debian@bullseye-slim',
      hashes: [{ alg: 'SHA-256', content: '5cf1d98cd0805951484f33b34c1ab25aac7007bb41c8b9901d97e4be3cf3ab04' }],
    });
    expect(img?.properties).toContainEqual({ name: 'os', value: 'Debian:11' });
    expect(summary(r)).toContain('os-package runtime Debian:11 ca-certificates@');
  });
});

describe('real multi-stage Dockerfiles', () => {
  it('go_cqrs: an ARG default in FROM, lowercase "as", options before "add"; only the last stage ships', () => {
    const r = extractDockerfile('Dockerfile', read('go-cqrs/Dockerfile'));
    // by hand: ARG GO_VERSION=1.16.6; FROM golang:${GO_VERSION}-alpine as builder (apk: git, ca-certificates); FROM alpine:3.11
    expect(summary(r)).toEqual([
      'container-image build Docker docker.io/library/golang@1.16.6-alpine',
      'container-image runtime Docker docker.io/library/alpine@3.11',
      'operating-system runtime Alpine:v3.11 alpine@3.11',
      'os-package build Alpine ca-certificates@',
      'os-package build Alpine git@',
    ]);
  });

  it('ruz-ics: COPY --from=0 names a stage, alpine:latest is unpinned, the last stage\'s packages ship', () => {
    const text = read('ruz-ics/Dockerfile');
    const r = extractDockerfile('Dockerfile', text);
    expect(summary(r)).toEqual([
      'container-image build Docker docker.io/library/golang@1.23-alpine',
      'container-image runtime Docker docker.io/library/alpine@latest',
      'os-package build Alpine build-base@', 'os-package build Alpine git@', 'os-package build Alpine make@',
      'os-package runtime Alpine ca-certificates@', 'os-package runtime Alpine tzdata@',
    ]);
    expect(r.findings.filter((f) => f.rule === 'dockerfile.unpinned' && f.item?.startsWith('pkg:docker/')).map((f) => f.line)).toEqual([lineOf(text, 'FROM alpine:latest')]);
  });
});

describe('the cases Dockerfile (written for Tureen)', () => {
  const text = read('cases/Dockerfile');
  const r = extractDockerfile('svc/Dockerfile', text);

  it('finds every image, OS and package with the scope of its stage', () => {
    // derived by hand (see fixtures/README.md): the last stage is FROM runtime-base, so stages runtime-base and the
    // last one ship; build, tools and helper are build stages.
    expect(summary(r)).toEqual([
      'container-image build Docker docker.io/library/alpine@latest',
      'container-image build Docker docker.io/library/node@20.11.1-bookworm',
      'container-image build Docker ghcr.io/acme/tools@1.2',
      'container-image runtime Docker docker.io/library/python@3.12-slim-bookworm',
      'container-image runtime Docker gcr.io/distroless/base-debian12@nonroot',
      'library build npm pnpm@',
      'library build npm typescript@5.4.5',
      'library runtime PyPI flask@',
      'library runtime PyPI gunicorn@21.2.0',
      'library runtime PyPI requests@2.31.0',
      'library runtime PyPI urllib3@',
      'operating-system build Debian:12 debian@12',
      'operating-system runtime Debian:12 debian@12',
      'os-package build Alpine curl@',
      'os-package build Alpine jq@1.7.1-r0',
      'os-package build Debian:12 build-essential@',
      'os-package build Debian:12 curl@7.88.1-10+deb12u5',
      'os-package build Debian:12 python3@',
      'os-package runtime Debian:12 ca-certificates@',
      'os-package runtime Debian:12 libpq5@15.6-0+deb12u1',
      'os-package runtime Debian:12 tini@',
    ]);
  });

  it('substitutes ARG defaults into FROM and ENV values into RUN', () => {
    expect(r.components.find((c) => c.name === 'docker.io/library/node')?.evidence[0]?.line).toBe(lineOf(text, 'FROM --platform'));
    expect(r.components.find((c) => c.name === 'ghcr.io/acme/tools')?.purl).toBe('pkg:docker/acme/tools@1.2?repository_url=ghcr.io');
    const curl = r.components.find((c) => c.name === 'curl' && c.ecosystem === 'Debian:12');
    expect(curl?.purl).toBe('pkg:deb/debian/curl@7.88.1-10+deb12u5?distro=debian-12');
    expect(curl?.evidence[0]?.line).toBe(lineOf(text, 'curl=${CURL_VERSION}'));
  });

  it('reads here-documents and places their packages on their own line', () => {
    expect(r.components.find((c) => c.name === 'gunicorn')?.evidence[0]?.line).toBe(lineOf(text, 'pip install gunicorn'));
    expect(r.components.find((c) => c.name === 'ca-certificates')?.evidence[0]?.line).toBe(lineOf(text, 'ca-certificates'));
  });

  it('warns for each unpinned package and the untagged image, each at its line', () => {
    const unpinned = r.findings.filter((f) => f.rule === 'dockerfile.unpinned').map((f) => f.line);
    // build-essential, python3/bookworm-backports, pnpm@^9, urllib3>=2, Flask, tini, FROM alpine, apk curl, ca-certificates
    const expected = [
      lineOf(text, 'build-essential'), lineOf(text, 'python3/bookworm-backports'), lineOf(text, 'pnpm@^9'),
      lineOf(text, "'urllib3>=2'"), lineOf(text, 'Flask'), lineOf(text, ' tini'), lineOf(text, 'FROM alpine'),
      lineOf(text, 'jq=1.7.1-r0 curl'), lineOf(text, 'ca-certificates'),
    ];
    expect([...unpinned].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(expected.sort((a, b) => a - b));
    expect(unpinned).toHaveLength(9);
    const pnpm = r.components.find((c) => c.name === 'pnpm');
    expect(pnpm?.properties).toContainEqual({ name: 'declared-range', value: '^9' });
    expect(r.findings.filter((f) => f.rule === 'dockerfile.os-unknown').map((f) => f.line)).toEqual([lineOf(text, 'FROM alpine')]);
  });
});

describe('image references', () => {
  it('normalises names the way the Docker CLI does', () => {
    expect(parseImageRef('node')).toEqual({ registry: 'docker.io', path: 'library/node', name: 'docker.io/library/node' });
    expect(parseImageRef('node:20-alpine')).toMatchObject({ name: 'docker.io/library/node', tag: '20-alpine' });
    expect(parseImageRef('bitnami/redis:7.2')).toMatchObject({ name: 'docker.io/bitnami/redis', tag: '7.2' });
    expect(parseImageRef('index.docker.io/library/debian:12')).toMatchObject({ name: 'docker.io/library/debian', tag: '12' });
    expect(parseImageRef('localhost:5000/team/app:1')).toMatchObject({ registry: 'localhost:5000', path: 'team/app', tag: '1' });
    expect(parseImageRef('mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim')).toMatchObject({ registry: 'mcr.microsoft.com', path: 'dotnet/aspnet' });
    expect(parseImageRef('Node:20')).toBeUndefined();
    expect(parseImageRef('node:bad tag')).toBeUndefined();
    expect(parseImageRef('node@sha256:abc')).toBeUndefined();
  });

  it('reads the OS from official image tags', () => {
    const os = (s: string) => {
      const r = parseImageRef(s);
      return r ? osOfImage(r) : undefined;
    };
    expect(os('debian:12')).toEqual({ id: 'debian', versionId: '12' });
    expect(os('debian:bookworm-slim')).toMatchObject({ id: 'debian', versionId: '12' });
    expect(os('ubuntu:22.04')).toEqual({ id: 'ubuntu', versionId: '22.04' });
    expect(os('ubuntu:noble-20240423')).toMatchObject({ id: 'ubuntu', versionId: '24.04' });
    expect(os('alpine:3.19')).toEqual({ id: 'alpine', versionId: '3.19' });
    expect(os('node:20-bookworm')).toMatchObject({ id: 'debian', versionId: '12' });
    expect(os('python:3.12-slim-bookworm')).toMatchObject({ id: 'debian', versionId: '12' });
    expect(os('node:20-alpine3.19')).toEqual({ id: 'alpine', versionId: '3.19' });
    expect(os('golang:1.22-alpine')).toEqual({ id: 'alpine', versionId: '' });
    expect(os('eclipse-temurin:21-jammy')).toMatchObject({ id: 'ubuntu', versionId: '22.04' });
    expect(os('gcr.io/distroless/base-debian12')).toEqual({ id: 'debian', versionId: '12' });
    expect(os('python:3.12-slim')).toBeUndefined();
    expect(os('debian:latest')).toBeUndefined();
  });
});

describe('Dockerfile syntax', () => {
  it('joins continuations, drops comments inside them, reads directives and the backtick escape', () => {
    const p = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a `\n  # c\n\n  b\n', 'x');
    expect(p.escape).toBe('`');
    expect(p.instructions.map((i) => [i.keyword, i.args, i.line])).toEqual([
      ['FROM', 'mcr.microsoft.com/windows/servercore:ltsc2022', 2], ['RUN', 'a   b', 3],
    ]);
  });

  it('substitutes variables with the Dockerfile forms', () => {
    const vars = new Map([['A', '1'], ['E', '']]);
    expect(expand('x${A}y$A${B:-d}${E:-e}${E-f}${A:+p}${B:+q}\\$A', vars).value).toBe('x1y1de' + '' + 'p' + '$A');
    expect(expand('$B', vars).unresolved).toEqual(['B']);
  });

  it('splits shell commands on && || ; | and keeps quoted words whole', () => {
    expect(splitCommands(`a 'b c' && d "e \\"f\\"" || g; h | i # j && k`).map((c) => c.map((w) => w.text))).toEqual([
      ['a', 'b c'], ['d', 'e "f"'], ['g'], ['h'], ['i'],
    ]);
  });

  it('matches Dockerfile names', () => {
    for (const p of ['Dockerfile', 'svc/Dockerfile', 'Containerfile', 'build/app.Dockerfile', 'Dockerfile.prod', 'docker/Dockerfile-dev']) expect([p, isDockerfile(p)]).toEqual([p, true]);
    for (const p of ['.dockerignore', 'Dockerfile.md', 'Dockerfile.dockerignore', 'docs/Dockerfiles.txt', 'node_modules/x/Dockerfile', 'dockerfile.go']) expect([p, isDockerfile(p)]).toEqual([p, false]);
  });
});

describe('dockerfile source', () => {
  it('reads through the RepoView and throws a TureenError for what is not a Dockerfile', () => {
    expect(source.extract('Dockerfile', memoryRepo({ Dockerfile: 'FROM debian:12\n' })).components).toHaveLength(2);
    expect(() => source.extract('Dockerfile', memoryRepo({}))).toThrow(TureenError);
    expect(() => extractDockerfile('Dockerfile', 'RUN echo\n')).toThrow(TureenError);
    expect(() => extractDockerfile('Dockerfile', '# escape=x\nFROM a\n')).toThrow(TureenError);
    expect(() => extractDockerfile('Dockerfile', '{{ template }}\n')).toThrow(TureenError);
  });

  it('warns instead of guessing when FROM needs an ARG that has no default', () => {
    const r = extractDockerfile('Dockerfile', 'ARG BASE\nFROM ${BASE}:1\n');
    expect(r.components).toEqual([]);
    expect(r.findings).toMatchObject([{ rule: 'dockerfile.unresolved-arg', line: 2 }]);
  });

  it('gives valid components or a TureenError for any input', () => {
    const real = read('cases/Dockerfile');
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void resultOrTureenError(() => extractDockerfile('Dockerfile', s))), { numRuns: 300 });
    fc.assert(fc.property(fc.integer({ min: 0, max: real.length }), (n) => void resultOrTureenError(() => extractDockerfile('Dockerfile', real.slice(0, n)))), { numRuns: 200 });
    const word = fc.oneof(fc.constantFrom('__proto__', 'constructor', '../../x', 'a\u0000b', '\u001b[31m', '${X}', '$(id)', '"', "'", '\\', '@x/y@1', 'a=1', 'b==2', '`x`'), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(fc.array(word, { maxLength: 6 }), fc.constantFrom('apt-get install -y', 'apk add', 'pip install', 'npm i -g'), (words, cmd) => {
      const text = `ARG X=${words[0] ?? ''}\nFROM debian:12 AS ${words[1] ?? 'b'}\nRUN ${cmd} ${words.join(' ')}\nFROM ${words[2] ?? 'x'}\n`;
      void resultOrTureenError(() => extractDockerfile('Dockerfile', text));
    }), { numRuns: 300 });
  });
});
