/**
 * A small reader of the Gemfile DSL (bundler.io/man/gemfile.5), enough for scope: which group(s) each `gem` is
 * declared in (`group :a, :b do … end` blocks and `group:`/`groups:` options), and its version arguments.
 * It does not run Ruby: gems declared through loops, conditionals that call methods, or `eval_gemfile` are
 * seen only as far as their literal `gem "name"` lines.
 */
export interface GemDecl {
  name: string;
  groups: string[];
  requirements: string[];
  line: number;
  options: string;
}

export interface ParsedGemfile {
  gems: GemDecl[];
  /** `gemspec` present: the project's gem and its development dependencies come from *.gemspec */
  gemspec: boolean;
}

const symbols = (s: string) => [...s.matchAll(/:(\w+)|["'](\w+)["']/g)].map((m) => (m[1] ?? m[2]) as string);

export function parseGemfile(text: string): ParsedGemfile {
  const gems: GemDecl[] = [];
  const stack: (string[] | null)[] = [];
  let gemspec = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const group = /^group\s*\(?\s*(.+?)\s*\)?\s+do(\s*\|.*\|)?$/.exec(line);
    if (group) {
      stack.push(symbols((group[1] as string).replace(/,?\s*\w+:\s*.*$/, '')));
      continue;
    }
    if (/(\bdo(\s*\|[^|]*\|)?|\{)\s*$/.test(line) && !/^gem\s/.test(line)) {
      stack.push(null);
      continue;
    }
    if (/^(if|unless|case|while|until|begin|def|class|module)\b/.test(line)) {
      stack.push(null);
      continue;
    }
    if (/^(end|\})\b/.test(line)) {
      stack.pop();
      continue;
    }
    if (/^gemspec\b/.test(line)) {
      gemspec = true;
      continue;
    }
    const gem = /^gem\s*\(?\s*["']([^"']+)["']\s*(.*)$/.exec(line);
    if (!gem) continue;
    const rest = gem[2] as string;
    const args = rest.replace(/^,\s*/, '');
    const requirements = [...args.matchAll(/^\s*["']([^"']+)["']\s*,?|(?<=,\s*)["']([~<>=!][^"']*|\d[^"']*)["']/g)].map((m) => (m[1] ?? m[2]) as string);
    const opt = /\bgroups?:\s*(\[[^\]]*\]|%i\[[^\]]*\]|:\w+|["']\w+["'])/.exec(args);
    const enclosing = stack.filter((g): g is string[] => g !== null).flat();
    const own = opt ? symbols((opt[1] as string).replace(/^%i\[(.*)\]$/, (_, s: string) => s.split(/\s+/).map((w) => `:${w}`).join(' '))) : [];
    gems.push({ name: gem[1] as string, groups: [...new Set([...enclosing, ...own])], requirements, line: i + 1, options: args });
  }
  return { gems, gemspec };
}

/** `spec.add_development_dependency "name"` lines of a *.gemspec. */
export function gemspecDevDependencies(text: string): Set<string> {
  return new Set([...text.matchAll(/\badd_development_dependency\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] as string));
}
