/**
 * A Conan reference: `name/version[@user[/channel]][#rrev][:package_id[#prev]][%timestamp]`
 * (https://docs.conan.io/2/reference/conanfile/attributes.html#requires). The version may be a range in
 * brackets ("[>=1.0 <2]") or a placeholder ("<host_version>").
 */
export interface ConanRef {
  name: string;
  /** The exact version, or '' when a range/placeholder was written. */
  version: string;
  /** The range or placeholder, when the version is not exact. */
  range?: string;
  user?: string;
  channel?: string;
  rrev?: string;
  timestamp?: string;
}

const NAME = /^[a-z0-9_][a-z0-9_+.-]{0,100}$/i;

/** Parse a reference; undefined when it is not one (no "/", bad name). */
export function parseConanRef(text: string): ConanRef | undefined {
  let s = text.trim();
  let timestamp: string | undefined;
  const pct = s.indexOf('%');
  if (pct !== -1) {
    timestamp = s.slice(pct + 1);
    s = s.slice(0, pct);
  }
  const colon = s.indexOf(':');
  if (colon !== -1) s = s.slice(0, colon);
  let rrev: string | undefined;
  const hash = s.indexOf('#');
  if (hash !== -1) {
    rrev = s.slice(hash + 1);
    s = s.slice(0, hash);
  }
  let user: string | undefined;
  let channel: string | undefined;
  // the "@" of user/channel comes after the version (a range cannot hold "@")
  const at = s.lastIndexOf('@');
  if (at !== -1 && !s.slice(at).includes(']')) {
    const uc = s.slice(at + 1);
    s = s.slice(0, at);
    const slash = uc.indexOf('/');
    user = slash === -1 ? uc : uc.slice(0, slash);
    channel = slash === -1 ? undefined : uc.slice(slash + 1);
    if (user === '_') user = undefined;
    if (channel === '_') channel = undefined;
  }
  const slash = s.indexOf('/');
  if (slash <= 0) return undefined;
  const name = s.slice(0, slash).trim();
  const version = s.slice(slash + 1).trim();
  if (!NAME.test(name) || !version) return undefined;
  const exact = !/[[\]<>*]/.test(version) && !/\s/.test(version);
  return {
    name,
    version: exact ? version : '',
    ...(exact ? {} : { range: version }),
    ...(user ? { user } : {}),
    ...(channel ? { channel } : {}),
    ...(rrev ? { rrev } : {}),
    ...(timestamp ? { timestamp } : {}),
  };
}
