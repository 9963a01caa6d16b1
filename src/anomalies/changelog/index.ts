import type { AnomalyCandidate, VersionCompare } from '../types.js';
import { FIX_WORDS, oneLine } from '../util.js';

/**
 * Known-anomaly candidates from a changelog (CHANGELOG.md, HISTORY.md, NEWS …): what was fixed in the versions
 * released after the one shipped is, by construction, present in the shipped one (or was introduced later — the
 * reviewer decides). The text is split into one section per version heading, in the styles changelogs use:
 *   ## [1.2.3] - 2024-01-01      (Keep a Changelog, with or without a link on the version)
 *   ## 1.2.3 / # v1.2.3 / ## 8.19.0 (2026-10-05) / ## Version 1.2.3 / ## name 1.2.3
 *   1.2.3 / 2024-01-01          (underlined with === or ---, or alone on its line)
 *   **1.2.3 / 2024-01-01**      (a bold line)
 *   ## [Unreleased]
 * In a section, every entry under a "Fixed" / "Bug fixes" / "Security" / "Regressions" heading is a candidate, and
 * so is every other entry (a bullet, or a paragraph) that says fix, bug, regression, security, vulnerability or CVE.
 * Pure: no I/O. The text is hostile: read up to 5 MB, entries clipped, at most `max` candidates.
 */

export interface ChangelogEntry {
  text: string;
  /** 1-based line of the entry's first line */
  line: number;
  /** the sub-heading it sits under ("Fixed", "Bug fixes" …), if any */
  heading?: string;
  /** under a heading that lists fixes */
  fixHeading: boolean;
}

export interface ChangelogSection {
  /** as written, without a leading "v"; "Unreleased" for the unreleased section */
  version: string;
  unreleased: boolean;
  /** 1-based line of the heading */
  line: number;
  /** YYYY-MM-DD when the heading gives one */
  date?: string;
  entries: ChangelogEntry[];
}

const MAX_TEXT = 5 * 1024 * 1024;
const MAX_ENTRY = 2000;

// 1.2.3, 1.2.3-beta.1, 1.2.3+build; PEP 440's 1.0rc1, 1.0.post1, 2.0.0.dev3
const VERSION = String.raw`v?(\d+(?:\.\d+){1,3}(?:[-._]?(?:a|b|c|rc|alpha|beta|pre|preview|post|dev)\d*)*(?:-[0-9A-Za-z][0-9A-Za-z.]*)?(?:\+[0-9A-Za-z.]+)?)`;
// optional "Version"/"Release" and/or one name token before the version ("jsonc-parser 3.3.0", "Version 1.2.3")
const VERSION_HEADING = new RegExp(String.raw`^(?:(?:version|release|rel\.?)\s+)?(?:[A-Za-z@][\w@/.-]*\s+)?(?:version\s+)?${VERSION}(?=$|[\s,;:()\]/]|\s*[-–—])(.*)$`, 'i');
// a line that is only "1.2.3 / 2024-01-01", "1.2.3 - 2024-01-01", "1.2.3 (2024-01-01)"
const VERSION_DATE_LINE = new RegExp(String.raw`^${VERSION}\s*(?:[/–—-]|\()\s*(\d{4}[-/.]\d{2}[-/.]\d{2})\)?\s*$`, 'i');
const DATE = /\b(\d{4})[-/.](\d{2})[-/.](\d{2})\b/;
const FIX_HEADING = /\b(?:fix(?:e[sd])?|bug ?fix(?:es)?|bugs?|security|regressions?|patch(?:es)?|hotfix(?:es)?)\b/i;

/** An entry's text with links reduced to their text (the URLs make titles unreadable); the rest as written. */
function plain(s: string): string {
  return s
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<!--.*?-->/g, '')
    .trim();
}

/** A heading's text without decoration: links, emphasis, brackets around the version ("[1.2.3] - …"). */
function plainHeading(s: string): string {
  return plain(s).replace(/\*\*|__/g, '').replace(/^\[([^\]]+)\]/, '$1').trim();
}

function isoDate(s: string): string | undefined {
  const m = DATE.exec(s);
  if (!m) return undefined;
  const d = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(Date.parse(d)) ? undefined : d;
}

/** { version, unreleased, date } when a heading's text names a version (or "Unreleased"). */
export function readVersionHeading(raw: string): { version: string; unreleased: boolean; date?: string } | undefined {
  const text = plainHeading(raw);
  if (/^unreleased\b/i.test(text)) return { version: 'Unreleased', unreleased: true };
  const m = VERSION_HEADING.exec(text);
  if (!m) return undefined;
  const date = isoDate(m[2] ?? '');
  return { version: m[1]!, unreleased: false, ...(date ? { date } : {}) };
}

interface Open {
  lines: string[];
  line: number;
  indent: number;
  bullet: boolean;
}

/** The changelog's sections, in the order written; text before the first version heading is ignored. */
export function parseChangelog(input: string): ChangelogSection[] {
  const lines = input.slice(0, MAX_TEXT).replace(/^\uFEFF/, '').split(/\r?\n/);
  const sections: ChangelogSection[] = [];
  let section: (ChangelogSection & { level: number }) | undefined;
  let heading: string | undefined;
  let item: Open | undefined;
  let baseIndent: number | undefined;
  let fence = false;
  let blank = true;

  const close = () => {
    if (item && section) {
      const text = oneLine(plain(item.lines.join(' ')), MAX_ENTRY);
      if (text) section.entries.push({ text, line: item.line, ...(heading ? { heading } : {}), fixHeading: heading !== undefined && FIX_HEADING.test(heading) });
    }
    item = undefined;
  };
  const startSection = (v: { version: string; unreleased: boolean; date?: string }, line: number, level: number) => {
    close();
    section = { ...v, line, level, entries: [] };
    sections.push(section);
    heading = undefined;
    baseIndent = undefined;
  };
  const subHeading = (text: string) => {
    close();
    heading = oneLine(plainHeading(text), 80);
    baseIndent = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const n = i + 1;
    if (/^\s{0,3}(```|~~~)/.test(raw)) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    const next = lines[i + 1];
    // setext heading: a text line underlined with === (level 1) or --- (level 2)
    if (blank && raw.trim() && next !== undefined && /^\s{0,3}(={3,}|-{3,})\s*$/.test(next) && !/^\s*([-*+]|\d+[.)])\s/.test(raw)) {
      const level = next.trim().startsWith('=') ? 1 : 2;
      const v = readVersionHeading(raw.trim());
      if (v) startSection(v, n, level);
      else if (section && level > section.level) subHeading(raw.trim());
      else if (section) {
        close();
        section = undefined;
      }
      i++;
      blank = true;
      continue;
    }
    const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    const bold = /^\s{0,3}(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$/.exec(raw);
    const own = blank && !atx && !bold ? VERSION_DATE_LINE.exec(raw.trim()) : null;
    if (atx || bold || own) {
      const level = atx ? atx[1]!.length : 7;
      const text = atx ? atx[2]! : bold ? bold[1]! : raw.trim();
      const v = readVersionHeading(text);
      if (v && (atx || own || (bold && (!section || section.level >= 7 || !item)))) {
        startSection(v, n, level);
        blank = true;
        continue;
      }
      if (atx && section) {
        if (level > section.level) subHeading(text);
        else {
          close();
          section = undefined; // a heading at the section's level without a version ends the versioned part
        }
        blank = true;
        continue;
      }
      if (bold && section && !item) {
        subHeading(text);
        blank = true;
        continue;
      }
    }
    if (!section) {
      blank = !raw.trim();
      continue;
    }
    if (!raw.trim()) {
      if (item && !item.bullet) close(); // a blank line ends a paragraph entry
      blank = true;
      continue;
    }
    if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(raw) || /^\s*<!--.*-->\s*$/.test(raw)) {
      blank = false;
      continue; // link reference definitions, comments
    }
    const bullet = /^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$/.exec(raw);
    const indent = /^\s*/.exec(raw)![0].replace(/\t/g, '    ').length;
    if (bullet) {
      const ind = bullet[1]!.replace(/\t/g, '    ').length;
      baseIndent ??= ind;
      if (item?.bullet && ind > baseIndent) item.lines.push(bullet[2]!); // a nested bullet belongs to its parent
      else {
        close();
        baseIndent = Math.min(baseIndent, ind);
        item = { lines: [bullet[2]!], line: n, indent: ind, bullet: true };
      }
    } else if (item && (!blank || indent > item.indent)) {
      item.lines.push(raw.trim());
    } else {
      close();
      item = { lines: [raw.trim()], line: n, indent, bullet: false };
    }
    blank = false;
  }
  close();
  return sections;
}

export interface ChangelogOptions {
  /** most candidates returned (default 1000) */
  max?: number;
}

/**
 * Fix entries of the sections newer than `shipped` (and of "Unreleased"). Sections whose version does not compare
 * with the shipped one are left out.
 */
export function changelogCandidates(text: string, shipped: string, compare: VersionCompare, opts: ChangelogOptions = {}): AnomalyCandidate[] {
  const max = opts.max ?? 1000;
  const out: AnomalyCandidate[] = [];
  const ids = new Set<string>();
  for (const s of parseChangelog(text)) {
    const newer = s.unreleased || (compare(s.version, shipped) ?? 0) > 0;
    if (!newer) continue;
    let k = 0;
    const seen = new Set<string>();
    for (const e of s.entries) {
      if (!e.fixHeading && !FIX_WORDS.test(e.text)) continue;
      if (seen.has(e.text)) continue; // auto-generated changelogs repeat an entry under two headings
      seen.add(e.text);
      const idBase = `changelog:${s.unreleased ? 'unreleased' : s.version}`;
      let id = `${idBase}#${++k}`;
      while (ids.has(id)) id = `${idBase}#${++k}`; // a version written twice in the same file
      ids.add(id);
      const where = `changelog${e.heading ? `, "${e.heading}"` : ''}, line ${e.line}`;
      out.push({
        id,
        title: oneLine(e.text, 200),
        source: 'changelog',
        ...(s.date ? { createdAt: s.date } : {}),
        reason: s.unreleased
          ? `fixed after the shipped ${shipped}, not yet released (${where})`
          : `fixed in ${s.version}, newer than the shipped ${shipped} (${where})`,
      });
      if (out.length >= max) return out;
    }
  }
  return out;
}
