/**
 * How OSV names packages and ecosystems, so that a component and an advisory meet: the store indexes advisories by
 * (ecosystem, normalised name) and looks components up the same way.
 */

/** PEP 503: runs of "-", "_" and "." are one "-", case-insensitive. */
function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The name as OSV compares it in an ecosystem. PyPI: PEP 503. NuGet and Packagist ids are
 * case-insensitive; crates.io, npm, Go, Maven, Debian, Alpine are compared as written (npm forbids capitals in new
 * names; Maven group:artifact is case-sensitive).
 */
export function normalizeName(ecosystem: string, name: string): string {
  const eco = baseEcosystem(ecosystem);
  if (eco === 'PyPI') return pep503(name);
  if (eco === 'NuGet' || eco === 'Packagist') return name.toLowerCase();
  return name;
}

/** "Debian:12" → "Debian"; "Ubuntu:22.04:LTS" → "Ubuntu"; "npm" → "npm". */
export function baseEcosystem(ecosystem: string): string {
  const i = ecosystem.indexOf(':');
  return i < 0 ? ecosystem : ecosystem.slice(0, i);
}

/**
 * The advisory ecosystems that apply to a component's: its own, and for a release-qualified OS ecosystem the bare
 * one too ("Debian:12" also reads advisories filed under "Debian"). OSV's Alpine uses "Alpine:v3.19"; a component
 * "Alpine:3.19" is looked up under both spellings.
 */
export function advisoryEcosystems(ecosystem: string): string[] {
  const out = [ecosystem];
  const base = baseEcosystem(ecosystem);
  if (base === 'Alpine') {
    const rel = ecosystem.slice(base.length + 1);
    if (rel && !rel.startsWith('v')) out.push(`Alpine:v${rel}`);
    if (rel.startsWith('v')) out.push(`Alpine:${rel.slice(1)}`);
  }
  if (base !== ecosystem) out.push(base);
  return [...new Set(out)];
}
