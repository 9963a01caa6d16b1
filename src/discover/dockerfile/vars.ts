/**
 * Dockerfile variable substitution (Dockerfile reference, "Environment replacement"): `$name`, `${name}`,
 * `${name:-word}`, `${name-word}`, `${name:+word}`, `${name+word}`; the escape character before `$` keeps it literal.
 * Unknown names are left as written and reported in `unresolved`.
 */
export function expand(s: string, vars: ReadonlyMap<string, string | undefined>, escape = '\\'): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === escape && s[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    if (s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end < 0) {
        out += s.slice(i);
        break;
      }
      const body = s.slice(i + 2, end);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([\s\S]*))?$/.exec(body);
      if (!m) {
        out += s.slice(i, end + 1);
        i = end;
        continue;
      }
      const name = m[1] as string;
      const op = m[2];
      const word = m[3] ?? '';
      const has = vars.has(name) && vars.get(name) !== undefined;
      const val = has ? (vars.get(name) as string) : undefined;
      if (op === ':-') out += val ? val : expand(word, vars, escape).value;
      else if (op === '-') out += has ? (val as string) : expand(word, vars, escape).value;
      else if (op === ':+') out += val ? expand(word, vars, escape).value : '';
      else if (op === '+') out += has ? expand(word, vars, escape).value : '';
      else if (has) out += val;
      else {
        unresolved.push(name);
        out += s.slice(i, end + 1);
      }
      i = end;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1, i + 257));
    if (!m) {
      out += c;
      continue;
    }
    const name = m[0];
    if (vars.has(name) && vars.get(name) !== undefined) out += vars.get(name);
    else {
      unresolved.push(name);
      out += `$${name}`;
    }
    i += name.length;
  }
  return { value: out, unresolved };
}
