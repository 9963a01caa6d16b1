import { isTureenError } from '../../model/errors.js';
import { parseJson } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { parseYaml } from '../../util/yaml.js';
import { IdfComponent, LibraryJson, VendoredPackageJson } from './schema-meta.js';

/**
 * What a vendored folder says about itself: the upstream name, version and URL recorded next to the copied code by
 * the people (or tools) who copied it. `how` tells a recorded fact ("declared") from a guess ("guessed").
 */
export interface FolderMeta {
  name?: string;
  version?: string;
  url?: string;
  license?: string;
  /** The file it came from, and the line of the version where known. */
  file: string;
  line?: number;
  format: string;
  how: 'declared' | 'guessed';
}

/** A version as recorded (a leading "v" before a digit dropped), or undefined when it is not one. */
export function cleanVersion(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let v = raw.trim().replace(/^["']|["']$/g, '');
  if (/^[vV]\d/.test(v)) v = v.slice(1);
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_~-]{0,79}$/.test(v)) return undefined;
  if (/^(?:n\/?a|none|unknown|latest|head|master|main|trunk|git|0)$/i.test(v)) return undefined;
  return v;
}

const cleanName = (raw: string | undefined): string | undefined => {
  const n = raw?.trim();
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  return n && n.length <= 200 && !/[\u0000-\u001f\u007f]/.test(n) ? n : undefined;
};
const cleanUrl = (raw: string | undefined): string | undefined => {
  const u = raw?.trim();
  return u && /^(?:(?:https?|git|ssh):\/\/|git@[\w.-]+:)[^\s"'<>]{1,500}$/.test(u) ? u : undefined;
};

type Reader = (text: string, file: string) => Omit<FolderMeta, 'file' | 'format' | 'how'> | undefined;

/** `Key: value` line of a Chromium README.chromium, with its line. */
function field(text: string, key: string): { value: string; line: number } | undefined {
  const m = new RegExp(`^${key}:[ \\t]*(.*)$`, 'mi').exec(text);
  return m ? { value: (m[1] ?? '').trim(), line: new LineIndex(text).lineAt(m.index) } : undefined;
}

/** Chromium's README.chromium: `Name:`, `Short Name:`, `URL:`, `Version:`, `Revision:`, `License:`. */
export const readChromium: Reader = (text) => {
  const version = field(text, 'Version');
  const revision = field(text, 'Revision');
  const v = cleanVersion(version?.value) ?? cleanVersion(revision?.value);
  const at = cleanVersion(version?.value) ? version : revision;
  return {
    name: cleanName(field(text, 'Short Name')?.value) ?? cleanName(field(text, 'Name')?.value),
    version: v,
    line: v ? at?.line : undefined,
    url: cleanUrl(field(text, 'URL')?.value?.split(/\s+/)[0]),
    license: cleanName(field(text, 'License')?.value),
  };
};

/** Android / Google METADATA (text protobuf): `name: "…"`, `third_party { version: "…" url { value: "…" } }`. */
export const readAndroidMetadata: Reader = (text) => {
  const idx = new LineIndex(text);
  const name = /^name:\s*"([^"\n]*)"/m.exec(text);
  const version = /^\s*version:\s*"([^"\n]*)"/m.exec(text);
  const url = /^\s*value:\s*"((?:https?|git):\/\/[^"\n]*)"/m.exec(text);
  const v = cleanVersion(version?.[1]);
  return { name: cleanName(name?.[1]), version: v, line: v && version ? idx.lineAt(version.index) : undefined, url: cleanUrl(url?.[1]) };
};

/** git-subrepo's `.gitrepo`: `remote = …`, `commit = <sha>`. */
export const readGitrepo: Reader = (text) => {
  const idx = new LineIndex(text);
  const commit = /^\s*commit\s*=\s*([0-9a-f]{7,40})\s*$/m.exec(text);
  const remote = /^\s*remote\s*=\s*(\S+)\s*$/m.exec(text);
  return { version: commit?.[1], line: commit ? idx.lineAt(commit.index) : undefined, url: cleanUrl(remote?.[1]) };
};

/** PlatformIO's library.json. */
export const readLibraryJson: Reader = (text, file) => {
  const r = LibraryJson.safeParse(parseJson(text, file));
  if (!r.success) return undefined;
  const repo = r.data.repository;
  const v = cleanVersion(r.data.version);
  return {
    name: cleanName(r.data.name), version: v, line: v ? new LineIndex(text).lineOf('"version"') : undefined,
    url: cleanUrl(typeof repo === 'string' ? repo : repo?.url), license: cleanName(r.data.license),
  };
};

/** Arduino's library.properties: `name=`, `version=`, `url=`. */
export const readLibraryProperties: Reader = (text) => {
  const idx = new LineIndex(text);
  const get = (k: string) => new RegExp(`^${k}=(.*)$`, 'm').exec(text);
  const version = get('version');
  const v = cleanVersion(version?.[1]);
  return { name: cleanName(get('name')?.[1]), version: v, line: v && version ? idx.lineAt(version.index) : undefined, url: cleanUrl(get('url')?.[1]) };
};

/** ESP-IDF component manager's idf_component.yml (in managed_components/<namespace>__<name>/). */
export const readIdfComponent: Reader = (text, file) => {
  const r = IdfComponent.safeParse(parseYaml(text, file));
  if (!r.success) return undefined;
  const v = cleanVersion(r.data.version === undefined ? undefined : String(r.data.version));
  return { version: v, line: v ? new LineIndex(text).lineOf('version:') : undefined, url: cleanUrl(r.data.url ?? r.data.repository), license: cleanName(r.data.license) };
};

/** A package.json copied with a JavaScript library. */
export const readPackageJson: Reader = (text, file) => {
  const r = VendoredPackageJson.safeParse(parseJson(text, file));
  if (!r.success) return undefined;
  const v = cleanVersion(r.data.version);
  return { name: cleanName(r.data.name), version: v, line: v ? new LineIndex(text).lineOf('"version"') : undefined, license: typeof r.data.license === 'string' ? cleanName(r.data.license) : undefined };
};

/** An update script that fetches the upstream: `TAG=v1.2`, `VERSION=1.2`, `git checkout v1.2`, `git clone -b v1.2 …`. */
export const readUpdateScript: Reader = (text) => {
  const idx = new LineIndex(text);
  const url = /\bgit\s+clone\b[^\n]*?\s((?:https?|git|ssh):\/\/\S+)/.exec(text);
  const patterns = [
    /^\s*(?:export\s+)?(?:[A-Z0-9_]*_)?(?:TAG|VERSION|REV|REVISION|COMMIT|RELEASE)\s*=\s*["']?([\w.+-]+)["']?\s*(?:#.*)?$/m,
    /\bgit\s+checkout\s+(?:-q\s+|--quiet\s+|--detach\s+)*["']?([\w.+-]+)["']?/,
    /\bgit\s+clone\b[^\n]*?\s(?:-b|--branch)\s+["']?([\w.+-]+)/,
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    const v = cleanVersion(m?.[1]);
    if (m && v) return { version: v, line: idx.lineAt(m.index + m[0].indexOf(m[1] as string)), url: cleanUrl(url?.[1]) };
  }
  return url ? { url: cleanUrl(url[1]) } : undefined;
};

/** A VERSION file: one version on the first line, or Zephyr-style `VERSION_MAJOR = 1` lines. */
export const readVersionFile: Reader = (text) => {
  const first = /^\s*(\S+)\s*$/m.exec(text.split('\n', 1)[0] ?? '');
  const v = cleanVersion(first?.[1]);
  if (v && /^\d/.test(v)) return { version: v, line: 1 };
  const get = (k: string) => new RegExp(`^${k}\\s*=\\s*(\\d+)\\s*$`, 'm').exec(text)?.[1];
  const major = get('VERSION_MAJOR');
  const minor = get('VERSION_MINOR');
  if (major && minor) return { version: `${major}.${minor}.${get('PATCHLEVEL') ?? get('VERSION_PATCH') ?? '0'}`, line: new LineIndex(text).lineOf('VERSION_MAJOR') };
  return undefined;
};

/** CMake `project(name VERSION 1.2.3 …)`: the version the build declares (a guess: forks rarely update it). */
export const readCmakeProject: Reader = (text) => {
  const m = /^\s*project\s*\(\s*([\w.+-]+)[^)]*?\bVERSION\s+(\d+(?:\.\d+){1,3})/im.exec(text);
  return m ? { name: cleanName(m[1]), version: cleanVersion(m[2]), line: new LineIndex(text).lineAt(m.index) } : undefined;
};

/** The newest entry of a CHANGELOG / NEWS: `## [1.2.3]`, `## v1.2.3`, `Version 1.2.3`, `1.2.3 (2024-01-01)`. */
export const readChangelog: Reader = (text) => {
  const m = /^(?:#+\s*)?(?:\[\s*)?(?:version\s+|release\s+|v)?(\d+\.\d+(?:\.\d+){0,2}(?:[-+][\w.]+)?)\]?(?:\s|$|:|,)/im.exec(text.slice(0, 16384));
  const v = cleanVersion(m?.[1]);
  return m && v ? { version: v, line: new LineIndex(text).lineAt(m.index) } : undefined;
};

/** Files a vendored folder may hold about itself, in the order they are trusted. */
const READERS: readonly { re: RegExp; format: string; how: 'declared' | 'guessed'; read: Reader }[] = [
  { re: /^README\.chromium$/i, format: 'README.chromium', how: 'declared', read: readChromium },
  { re: /^METADATA$/, format: 'METADATA', how: 'declared', read: readAndroidMetadata },
  { re: /^\.gitrepo$/, format: '.gitrepo', how: 'declared', read: readGitrepo },
  { re: /^library\.json$/, format: 'library.json', how: 'declared', read: readLibraryJson },
  { re: /^library\.properties$/, format: 'library.properties', how: 'declared', read: readLibraryProperties },
  { re: /^idf_component\.yml$/, format: 'idf_component.yml', how: 'declared', read: readIdfComponent },
  { re: /^package\.json$/, format: 'package.json', how: 'declared', read: readPackageJson },
  { re: /^VERSION(?:\.txt)?$|^version\.txt$/i, format: 'VERSION', how: 'declared', read: readVersionFile },
  { re: /^(?:update|import|fetch|sync|get)[\w.-]*\.sh$|^update$/i, format: 'update script', how: 'declared', read: readUpdateScript },
  { re: /^CMakeLists\.txt$/, format: 'CMakeLists.txt project()', how: 'guessed', read: readCmakeProject },
  { re: /^(?:CHANGELOG|CHANGES|NEWS|HISTORY)(?:\.md|\.txt|\.rst)?$/i, format: 'CHANGELOG', how: 'guessed', read: readChangelog },
];

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * The best metadata of a folder, from the files directly inside it (`children`: repository-relative paths).
 * A file that cannot be parsed is skipped and reported in `unreadable`.
 */
export function folderMetadata(children: readonly string[], read: (path: string) => string | undefined): { meta?: FolderMeta; unreadable: { file: string; message: string }[] } {
  const unreadable: { file: string; message: string }[] = [];
  let best: FolderMeta | undefined;
  for (const r of READERS) {
    for (const file of children) {
      if (!r.re.test(base(file))) continue;
      const text = read(file);
      if (text === undefined) continue;
      let got;
      try {
        got = r.read(text, file);
      } catch (e) {
        if (!isTureenError(e)) throw e;
        unreadable.push({ file, message: e.message });
        continue;
      }
      if (!got) continue;
      const meta: FolderMeta = { ...stripUndefined(got), file, format: r.format, how: r.how };
      if (meta.version) return { meta: best ? { ...fill(meta, best) } : meta, unreadable };
      best ??= meta;
    }
  }
  return { ...(best ? { meta: best } : {}), unreadable };
}

function fill(meta: FolderMeta, other: FolderMeta): FolderMeta {
  return { ...meta, name: meta.name ?? other.name, url: meta.url ?? other.url, license: meta.license ?? other.license };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Licence texts recognised in a LICENSE / COPYING file, as data: the first row whose every regex matches wins. */
const LICENSE_TEXTS: readonly { all: RegExp[]; none?: RegExp; spdx: string }[] = [
  { all: [/Apache License/i, /Version 2\.0/i], spdx: 'Apache-2.0' },
  { all: [/Mozilla Public License,? (?:Version|v\.?) ?2\.0/i], spdx: 'MPL-2.0' },
  { all: [/Boost Software License - Version 1\.0/i], spdx: 'BSL-1.0' },
  { all: [/This is free and unencumbered software released into the public domain/i], spdx: 'Unlicense' },
  { all: [/Permission is hereby granted, free of charge, to any person obtaining a copy/i], spdx: 'MIT' },
  { all: [/Permission to use, copy, modify, and\/or distribute this software for any purpose with or without fee/i], spdx: 'ISC' },
  { all: [/provided 'as-is', without any express or implied/i, /Permission is granted to anyone to use this software for any purpose/i], spdx: 'Zlib' },
  { all: [/Redistribution and use in source and binary forms/i, /Neither the name/i], spdx: 'BSD-3-Clause' },
  { all: [/Redistribution and use in source and binary forms/i], none: /Neither the name|advertising materials/i, spdx: 'BSD-2-Clause' },
];

/** The SPDX id of a licence text, when it is one of the common permissive ones (GPL-family texts are not guessed). */
export function licenseOfText(text: string): string | undefined {
  const head = text.slice(0, 20000);
  for (const row of LICENSE_TEXTS) if (row.all.every((re) => re.test(head)) && !(row.none && row.none.test(head))) return row.spdx;
  return undefined;
}
