import type { Prerequisites } from '../model/prerequisites.js';

/** What a package registry says about one exact version of a package, as far as a SOUP record needs it. */
export interface PackageMetadata {
  /** Who supplies the package: the author or organisation the registry names (not an e-mail address). */
  supplier?: string;
  /** The licence as the registry declares it (an SPDX expression when the registry gives one; not corrected here). */
  license?: string;
  /** The source repository, as an https URL when it could be normalised (git+https://…, git@host:…, owner/repo). */
  sourceUrl?: string;
  homepage?: string;
  /** Release date of this exact version, UTC, YYYY-MM-DD. */
  releaseDate?: string;
  /** The registry's deprecation message for this version (npm `deprecated`, NuGet `deprecation`, Packagist `abandoned`). */
  deprecated?: string;
  /** The version was yanked (PyPI, crates.io, RubyGems). */
  yanked?: boolean;
  /** The runtime, operating system and hardware this version declares it needs (npm `engines`/`os`/`cpu`, PyPI
   *  `requires_python`, crates.io `rust_version`, RubyGems `ruby_version`, Packagist `php` and `ext-*`). */
  prerequisites?: Prerequisites;
  /** Which registry answered, e.g. "registry.npmjs.org". */
  registry: string;
  /** When the answer was fetched (ISO 8601). */
  fetchedAt: string;
}

export interface RegistryClient {
  /** The OSV ecosystem name this client serves ('npm', 'PyPI', 'crates.io', 'Maven', 'NuGet', 'Packagist', 'RubyGems', 'Go'). */
  ecosystem: string;
  /** Metadata of `name@version`; undefined when the registry does not know the package or version (404). */
  fetch(name: string, version: string): Promise<PackageMetadata | undefined>;
}

/** One package version to look up. `name` is in OSV naming (npm '@scope/name', Maven 'group:artifact', Go module path). */
export interface RegistryItem {
  ecosystem: string;
  name: string;
  version: string;
}
