/** Version ordering for one scheme. Every advisory range and every "is there a newer version" question goes through it. */
export interface Versioning {
  /** 'semver' | 'pep440' | 'maven' | 'go' | 'nuget' | 'rubygems' | 'composer' | 'debian' | 'apk' | 'rpm' | 'fallback' */
  readonly scheme: string;
  /** Can this scheme order the version? (The fallback can order anything that has a digit or a letter.) */
  isValid(version: string): boolean;
  /**
   * <0, 0, >0. A total order on valid versions (0 means "the same version", e.g. npm's build metadata, Maven's
   * "1.0" and "1"). Never throws: versions the scheme cannot read sort after every valid one, and among themselves by
   * the generic fallback, so a mixed list still sorts consistently.
   */
  compare(a: string, b: string): number;
}
