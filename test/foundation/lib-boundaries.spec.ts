import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/*
 * Lib boundaries, pinned (architecture.md "Boundaries" and "Where they sit"; CONTRIBUTING.md "Add a module"):
 * - lib -> lib imports in production code follow ALLOWED, a one-way graph (checked acyclic here);
 * - a lib is imported only through its index (`@app/<lib>`), never a deep path, relative or aliased;
 * - each lib's index.ts exports only values other libs or the app import; what only tests need lives in
 *   `libs/<lib>/src/testing.ts`, which tests import as `@app/<lib>/testing` (or through `@app/testing`) and no
 *   production code may.
 * Type exports are free: a caller must be able to name the types of what it calls.
 */

/** Libraries every domain lib may use: the foundation, and the low libs "used by all" (settings, audit, moderation are planned). */
const BASE = ['common', 'config', 'database', 'access', 'wechat', 'auth', 'jobs', 'settings', 'audit', 'moderation', 'webhooks'] as const;

/** Production edges: lib -> the libs it may import. Libs not created yet are listed where the design places them. */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  common: [],
  config: [],
  // Who is calling and what a route admits (identity types, roles, access decorators): below every lib that declares
  // routes, so the low libs (jobs, settings, audit) declare admin routes without auth's domain (architecture.md).
  access: ['common'],
  database: ['common', 'config'],
  wechat: ['common', 'config'],
  audit: ['common', 'config', 'database', 'access'],
  settings: ['common', 'config', 'database', 'access', 'audit'],
  // auth emits shopper.created through webhooks, so jobs (below webhooks) must not reach auth; it never did.
  auth: ['common', 'config', 'database', 'access', 'wechat', 'settings', 'audit', 'webhooks'],
  jobs: ['common', 'config', 'database', 'access', 'settings', 'audit'],
  // Signed events out: the modules that own a resource emit its events (their own mappers), so it sits low.
  webhooks: ['common', 'config', 'database', 'access', 'jobs'],
  moderation: ['common', 'config', 'database', 'access', 'wechat', 'auth', 'jobs', 'settings', 'audit'],
  catalog: [...BASE],
  promotions: [...BASE, 'catalog'],
  cart: [...BASE, 'catalog', 'promotions'],
  orders: [...BASE, 'catalog', 'promotions', 'cart'],
  payments: [...BASE, 'orders'],
  'after-sale': [...BASE, 'catalog', 'promotions', 'orders', 'payments'],
  reviews: [...BASE, 'catalog', 'orders'],
  distribution: [...BASE, 'catalog', 'orders', 'payments', 'after-sale'],
  // The login bridge to an existing backend: hears WeChat logins from auth, retries through jobs.
  'login-bridge': ['common', 'config', 'auth', 'jobs'],
  // Top: reads the others (architecture.md: its own read-only SQL on their tables).
  reports: [...BASE, 'catalog', 'promotions', 'cart', 'orders', 'payments', 'after-sale', 'reviews', 'distribution'],
};

const ROOT = join(__dirname, '../..');
const HERE = relative(ROOT, __filename);
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

interface Source {
  /** Repository-relative path. */
  path: string;
  /** The lib it belongs to ('api' for apps/api, 'test' for test/). */
  owner: string;
  /** Test code: specs, test/, libs/testing, and the libs' testing.ts seams. */
  test: boolean;
  imports: { spec: string; line: number; names: string[] | '*' }[];
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Every module a file names: import/export declarations, `import x = require()`, `require()` and `import()`. */
function importsOf(sf: ts.SourceFile): Source['imports'] {
  const out: Source['imports'] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      let names: string[] | '*' = '*';
      if (ts.isImportDeclaration(node)) {
        const b = node.importClause?.namedBindings;
        if (b && ts.isNamedImports(b)) names = b.elements.map((e) => (e.propertyName ?? e.name).text);
        else if (!b && node.importClause) names = ['default'];
        else if (!node.importClause) names = [];
      } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
        names = node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text);
      }
      out.push({ spec: node.moduleSpecifier.text, line: line(node), names });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) out.push({ spec: e.text, line: line(node), names: '*' });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        out.push({ spec: (node.arguments[0] as ts.StringLiteral).text, line: line(node), names: '*' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function loadSources(): Source[] {
  const files = [...tsFiles(join(ROOT, 'libs')), ...tsFiles(join(ROOT, 'apps')), ...tsFiles(join(ROOT, 'test'))];
  return files.map((file) => {
    const path = relative(ROOT, file).split(sep).join('/');
    const lib = /^libs\/([^/]+)\//.exec(path)?.[1];
    const owner = lib ?? (path.startsWith('apps/') ? 'api' : 'test');
    const test = owner === 'test' || owner === 'testing' || TEST_FILE.test(path) || /^libs\/[^/]+\/src\/testing\.ts$/.test(path);
    return { path, owner, test, imports: importsOf(parse(file)) };
  });
}

/** The directory a file may reach with relative imports: its lib's (or app's) src/, or test/. */
function home(s: Source): string {
  if (s.owner === 'test') return 'test/';
  return s.owner === 'api' ? 'apps/api/src/' : `libs/${s.owner}/src/`;
}

const libs = readdirSync(join(ROOT, 'libs')).filter((d) => existsSync(join(ROOT, 'libs', d, 'src', 'index.ts')));
const sources = loadSources();

const HOW_TO_FIX_EDGE =
  'Lower libs never import higher ones (architecture.md "Where they sit"). Move what you need down into a lib both may ' +
  'import, or let the higher lib hand it in (an id, an EntityManager, a listener or guard it registers, as payments ' +
  `does with OrderLifecycle). If the design really wants this edge, add it to ALLOWED in ${HERE} (the test refuses a ` +
  'cycle) and say why in the commit.';

describe('lib boundaries', () => {
  it('allows a one-way graph: no cycles among the allowed edges', () => {
    const cycles: string[] = [];
    const visit = (lib: string, path: string[]): void => {
      if (path.includes(lib)) {
        cycles.push([...path.slice(path.indexOf(lib)), lib].join(' -> '));
        return;
      }
      for (const next of ALLOWED[lib] ?? []) visit(next, [...path, lib]);
    };
    for (const lib of Object.keys(ALLOWED)) visit(lib, []);
    expect(cycles).toEqual([]);
  });

  it('knows every lib: each one under libs/ has its allowed imports listed', () => {
    const unknown = libs
      .filter((lib) => lib !== 'testing' && !(lib in ALLOWED))
      .map((lib) => `libs/${lib} is not in ALLOWED (${HERE}): add it with the libs it may import, where architecture.md places it.`);
    expect(unknown).toEqual([]);
  });

  it('production code imports other libs only along the allowed edges', () => {
    const problems: string[] = [];
    for (const s of sources.filter((x) => !x.test)) {
      for (const { spec, line } of s.imports) {
        const target = /^@app\/([^/]+)$/.exec(spec)?.[1];
        if (target === undefined || target === s.owner) continue;
        const where = `${s.path}:${line} imports ${spec}`;
        if (target === 'testing') problems.push(`${where}: @app/testing is for tests only; production code must not load the fakes.`);
        else if (target === 'api' && s.owner !== 'api') problems.push(`${where}: no lib imports the app; the app composes the libs.`);
        else if (s.owner !== 'api' && !(ALLOWED[s.owner] ?? []).includes(target)) {
          problems.push(
            `${where}: ${s.owner} -> ${target} is not an allowed edge (${s.owner} may import: ${(ALLOWED[s.owner] ?? []).join(', ') || 'nothing'}). ${HOW_TO_FIX_EDGE}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('imports a lib through its index only: no deep path, aliased or relative; test seams from tests only', () => {
    const problems: string[] = [];
    for (const s of sources) {
      for (const { spec, line } of s.imports) {
        const where = `${s.path}:${line} imports ${spec}`;
        const deep = /^@app\/([^/]+)\/(.+)$/.exec(spec);
        if (deep) {
          const [, lib, rest] = deep;
          if (rest !== 'testing') {
            problems.push(
              `${where}: a deep import. Import @app/${lib}; if it lacks what you need, export it from libs/${lib}/src/index.ts (used by other code) or libs/${lib}/src/testing.ts (used by tests only).`,
            );
          } else if (!s.test) {
            problems.push(
              `${where}: @app/${lib}/testing holds test seams; production code must not import it. If a lib or the app needs it, export it from libs/${lib}/src/index.ts instead.`,
            );
          }
          continue;
        }
        if (!spec.startsWith('.')) continue;
        const target = relative(ROOT, resolve(dirname(join(ROOT, s.path)), spec))
          .split(sep)
          .join('/');
        // Tests may read clients/ and scripts/; libs/ and apps/ only through their indexes.
        const outside = s.owner === 'test' ? /^(libs|apps)\//.test(target) : !`${target}/`.startsWith(home(s));
        if (outside) {
          const lib = /^libs\/([^/]+)\//.exec(target)?.[1];
          const fix = lib ? `import it from @app/${lib} (or @app/${lib}/testing in tests)` : 'keep relative imports inside your own lib';
          problems.push(`${where}: reaches outside ${home(s)}; ${fix}.`);
        } else if (!s.test && /\/src\/testing$/.test(target)) {
          problems.push(`${where}: testing.ts holds test seams; production code must not import it.`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("exports from each lib's index only the values other libs or the app use", () => {
    const used = new Map<string, Set<string>>();
    for (const s of sources.filter((x) => !x.test)) {
      for (const { spec, names } of s.imports) {
        const target = /^@app\/([^/]+)$/.exec(spec)?.[1];
        if (target === undefined || target === s.owner) continue;
        const set = used.get(target) ?? new Set<string>();
        for (const n of names === '*' ? ['*'] : names) set.add(n);
        used.set(target, set);
      }
    }
    const problems: string[] = [];
    for (const lib of libs.filter((l) => l !== 'testing')) {
      const seen = used.get(lib) ?? new Set<string>();
      if (seen.has('*')) continue;
      for (const name of valueExports(join(ROOT, 'libs', lib, 'src', 'index.ts'))) {
        if (seen.has(name)) continue;
        const inTests = sources.some(
          (s) => s.test && s.imports.some((i) => i.spec === `@app/${lib}` && i.names !== '*' && i.names.includes(name)),
        );
        problems.push(
          inTests
            ? `libs/${lib}/src/index.ts exports ${name}, which only tests import: move the export to libs/${lib}/src/testing.ts (tests import @app/${lib}/testing or @app/testing).`
            : `libs/${lib}/src/index.ts exports ${name}, which nothing outside ${lib} imports: drop the export (the index is the lib's public API).`,
        );
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Names of the values (not types) a module exports, following `export *` and named re-exports down to declarations. */
function valueExports(file: string): string[] {
  const out: string[] = [];
  for (const st of parse(file).statements) {
    if (ts.isExportDeclaration(st)) {
      if (st.isTypeOnly) continue;
      const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? moduleFile(file, st.moduleSpecifier.text) : undefined;
      const values = from ? new Set(valueExports(from)) : undefined;
      if (!st.exportClause) out.push(...(values ?? []));
      else if (ts.isNamedExports(st.exportClause)) {
        for (const e of st.exportClause.elements) {
          if (!e.isTypeOnly && (!values || values.has((e.propertyName ?? e.name).text))) out.push(e.name.text);
        }
      }
    } else if (hasExport(st)) out.push(...namesOf(st));
  }
  return out;
}

function moduleFile(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
}

function hasExport(st: ts.Statement): boolean {
  return ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function namesOf(st: ts.Statement): string[] {
  if (ts.isVariableStatement(st)) return st.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) return [st.name.text];
  return [];
}
