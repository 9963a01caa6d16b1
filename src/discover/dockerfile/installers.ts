import type { Word } from './shell.js';

export type Manager = 'apt' | 'apk' | 'pip' | 'npm';

/** What one shell command does to packages. */
export interface PackageCommand {
  manager: Manager;
  action: 'install' | 'remove';
  /** The package arguments, as written. */
  args: Word[];
  /** apk add --virtual NAME: the name of the group the packages are installed under. */
  virtual?: string;
  /** npm -g / pip --user etc. do not matter; apt -t / --target-release does (the version then comes from elsewhere). */
  targetRelease?: string;
}

/** Options that take a value in the next word (when not written as --opt=value). */
const APT_VALUE = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture']);
const APK_VALUE = new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--keys-dir', '--arch', '--cache-dir', '--repositories-file', '--timeout']);
const PIP_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target',
  '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--trusted-host', '--cache-dir', '--src',
  '-e', '--editable', '--progress-bar', '--log', '--proxy', '--timeout', '--retries', '--upgrade-strategy', '--only-binary',
  '--no-binary', '--config-settings', '-C', '--global-option', '--install-option', '--python', '--report', '--exists-action',
]);
const NPM_VALUE = new Set(['--prefix', '--registry', '--tag', '--omit', '--include', '-w', '--workspace', '--cache', '--userconfig', '--loglevel']);

/** Split a command's words into options (with their values) and operands. */
function operands(words: Word[], valued: Set<string>): { opts: Map<string, string>; args: Word[] } {
  const opts = new Map<string, string>();
  const args: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const t = (words[i] as Word).text;
    if (t === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (t.startsWith('-') && t.length > 1) {
      const eq = t.indexOf('=');
      if (eq > 0) opts.set(t.slice(0, eq), t.slice(eq + 1));
      else if (valued.has(t)) {
        opts.set(t, (words[i + 1] as Word | undefined)?.text ?? '');
        i++;
      } else opts.set(t, '');
      continue;
    }
    args.push(words[i] as Word);
  }
  return { opts, args };
}

const base = (s: string) => s.slice(s.lastIndexOf('/') + 1);

/** Recognise apt-get/apt/aptitude install|remove|purge, apk add|del, pip install|uninstall, npm install|uninstall. */
export function packageCommand(words: Word[]): PackageCommand | undefined {
  if (words.length < 2) return undefined;
  let prog = base((words[0] as Word).text);
  let rest = words.slice(1);
  // python -m pip …, python3.12 -m pip …
  if (/^python[0-9.]*$/.test(prog) && rest[0]?.text === '-m' && /^pip[0-9.]*$/.test(rest[1]?.text ?? '')) {
    prog = 'pip';
    rest = rest.slice(2);
  }
  if (prog === 'apt-get' || prog === 'apt' || prog === 'aptitude') {
    const { opts, args } = operands(rest, APT_VALUE);
    const [sub, ...pkgs] = args;
    const action = sub?.text === 'install' ? 'install' : sub?.text === 'remove' || sub?.text === 'purge' || sub?.text === 'autoremove' ? 'remove' : undefined;
    if (!action) return undefined;
    const tr = opts.get('-t') ?? opts.get('--target-release') ?? opts.get('--default-release');
    return { manager: 'apt', action, args: pkgs, ...(tr ? { targetRelease: tr } : {}) };
  }
  if (prog === 'apk') {
    const { opts, args } = operands(rest, APK_VALUE);
    const [sub, ...pkgs] = args;
    const action = sub?.text === 'add' ? 'install' : sub?.text === 'del' ? 'remove' : undefined;
    if (!action) return undefined;
    const virtual = opts.get('--virtual') ?? opts.get('-t');
    return { manager: 'apk', action, args: pkgs, ...(virtual ? { virtual } : {}) };
  }
  if (/^pip[0-9.]*$/.test(prog)) {
    const { args } = operands(rest, PIP_VALUE);
    const [sub, ...pkgs] = args;
    const action = sub?.text === 'install' ? 'install' : sub?.text === 'uninstall' ? 'remove' : undefined;
    return action ? { manager: 'pip', action, args: pkgs } : undefined;
  }
  if (prog === 'npm' || prog === 'pnpm' || prog === 'yarn') {
    const { args } = operands(rest, NPM_VALUE);
    const [sub, ...pkgs] = args;
    // yarn/pnpm "add" and "global add"; npm install/i/add
    const s = sub?.text;
    if (prog === 'yarn' && s === 'global') return pkgs[0]?.text === 'add' ? { manager: 'npm', action: 'install', args: pkgs.slice(1) } : undefined;
    const action = s === 'install' || s === 'i' || s === 'add' ? 'install' : s === 'uninstall' || s === 'remove' || s === 'rm' ? 'remove' : undefined;
    return action ? { manager: 'npm', action, args: pkgs } : undefined;
  }
  return undefined;
}
