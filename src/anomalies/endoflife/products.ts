import { baseEcosystem } from '../../advisories/osv/names.js';
import { CODENAMES } from '../../discover/os/ecosystem.js';

/**
 * Which endoflife.date product (and which version of it) says when a SOUP item stops being supported. Only products
 * that exist on endoflife.date are named (checked against the endoflife-date/endoflife.date repository's products/
 * folder): a language runtime, an operating system release, or a framework whose support is published per cycle.
 * A package of a distribution release (ecosystem "Debian:12") is supported as long as that release is.
 * `products` lists the product's id first, then its former ids, tried in turn when one is not found.
 */

export interface EolTarget {
  products: string[];
  /** the version whose cycle to look up: the item's own, or the distribution release it comes from */
  version: string;
  /** how the product is called in a reason: "Node.js", "Debian" */
  label: string;
  /** set when the product is not the item itself: "the Debian 12 release that ships openssl" */
  via?: string;
}

interface Product {
  products: string[];
  label: string;
}

const NODE: Product = { products: ['nodejs'], label: 'Node.js' };
const PYTHON: Product = { products: ['python'], label: 'Python' };
const DEBIAN: Product = { products: ['debian'], label: 'Debian' };
const UBUNTU: Product = { products: ['ubuntu'], label: 'Ubuntu' };
// the page moved from /alpine to /alpine-linux; the v0 API answers under the current id only
const ALPINE: Product = { products: ['alpine-linux', 'alpine'], label: 'Alpine Linux' };

/** Packages that are themselves a product on endoflife.date, per ecosystem (names as the ecosystem writes them). */
const PACKAGES: ReadonlyMap<string, ReadonlyMap<string, Product>> = new Map([
  ['npm', new Map([
    ['react', { products: ['react'], label: 'React' }],
    ['react-dom', { products: ['react'], label: 'React' }],
    ['@angular/core', { products: ['angular'], label: 'Angular' }],
    ['angular', { products: ['angularjs'], label: 'AngularJS' }],
    ['vue', { products: ['vue'], label: 'Vue' }],
    ['electron', { products: ['electron'], label: 'Electron' }],
    ['jquery', { products: ['jquery'], label: 'jQuery' }],
    ['bootstrap', { products: ['bootstrap'], label: 'Bootstrap' }],
  ])],
  ['PyPI', new Map([['django', { products: ['django'], label: 'Django' }]])],
  ['Packagist', new Map([['laravel/framework', { products: ['laravel'], label: 'Laravel' }]])],
]);

const SPRING_BOOT: Product = { products: ['spring-boot'], label: 'Spring Boot' };
const SPRING: Product = { products: ['spring-framework'], label: 'Spring Framework' };

/** Runtimes known by name when the item has no package ecosystem (declared items, generic purls). */
const BY_NAME: ReadonlyMap<string, Product> = new Map([
  ['node', NODE], ['nodejs', NODE], ['node.js', NODE],
  ['python', PYTHON], ['python3', PYTHON], ['cpython', PYTHON],
]);

/** Official container images (docker.io/library/<name>) whose tag is the product's version. */
const IMAGES: ReadonlyMap<string, Product> = new Map([
  ['node', NODE], ['python', PYTHON], ['debian', DEBIAN], ['ubuntu', UBUNTU], ['alpine', ALPINE],
]);

/** The leading version of a tag or version: "22.12.0-bookworm-slim" → "22.12.0", "3.12-slim" → "3.12". */
function leadingVersion(v: string): string | undefined {
  return /^v?(\d+(?:\.\d+)*)/i.exec(v.trim())?.[1];
}

function maven(name: string): Product | undefined {
  const [group, artifact] = name.split(':');
  if (group === 'org.springframework.boot' && artifact?.startsWith('spring-boot')) return SPRING_BOOT;
  if (group === 'org.springframework' && artifact?.startsWith('spring-')) return SPRING;
  return undefined;
}

function image(name: string, tag: string): EolTarget | undefined {
  const m = /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:library\/)?([a-z0-9._-]+)$/.exec(name.toLowerCase());
  const p = m ? IMAGES.get(m[1]!) : undefined;
  if (!p) return undefined;
  let version = leadingVersion(tag);
  if (!version && (p === DEBIAN || p === UBUNTU)) {
    const code = CODENAMES.get(tag.toLowerCase().split(/[-_]/)[0] ?? '');
    if (code && code.id === (p === DEBIAN ? 'debian' : 'ubuntu')) version = code.versionId;
  }
  return version ? { ...p, products: [...p.products], version } : undefined;
}

/** The distribution release of an OS ecosystem: "Debian:12" → 12, "Ubuntu:22.04:LTS" → 22.04, "Alpine:v3.19" → 3.19. */
function osRelease(ecosystem: string): { product: Product; release: string } | undefined {
  const [base, rel] = ecosystem.split(':');
  const release = rel?.replace(/^v(?=\d)/, '');
  if (!release || !/^\d+(?:\.\d+)*$/.test(release)) return undefined;
  if (base === 'Debian') return { product: DEBIAN, release };
  if (base === 'Ubuntu') return { product: UBUNTU, release };
  if (base === 'Alpine') return { product: ALPINE, release };
  return undefined;
}

/** The endoflife.date product for an item, or undefined when endoflife.date has none. */
export function eolProductFor(t: { name: string; version: string; ecosystem: string }): EolTarget | undefined {
  const eco = baseEcosystem(t.ecosystem);
  const name = t.name.trim();
  const lower = name.toLowerCase();
  const os = osRelease(t.ecosystem);
  if (os) {
    const own = (os.product === DEBIAN && lower === 'debian') || (os.product === UBUNTU && lower === 'ubuntu') || (os.product === ALPINE && lower === 'alpine');
    if (own) {
      const version = leadingVersion(t.version) ?? os.release;
      return { products: [...os.product.products], label: os.product.label, version };
    }
    return { products: [...os.product.products], label: os.product.label, version: os.release, via: `the ${os.product.label} ${os.release} release that ships ${name}` };
  }
  if (eco === 'Docker') return image(name, t.version);
  const pkg = eco === 'Maven' ? maven(name) : PACKAGES.get(eco)?.get(eco === 'PyPI' ? lower.replace(/[-_.]+/g, '-') : name);
  // a package registry's "node" or "python" is some package, not the runtime: names count only for generic items
  const p = pkg ?? (eco === 'generic' || eco === '' ? BY_NAME.get(lower) : undefined);
  const version = leadingVersion(t.version);
  return p && version ? { products: [...p.products], label: p.label, version } : undefined;
}
