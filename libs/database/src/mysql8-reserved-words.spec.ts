import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { MYSQL8_RESERVED_WORDS } from './mysql8-reserved-words';

/*
 * No table, column or alias is a MySQL 8.0 reserved word, since MariaDB (where every test runs) accepts many of them
 * unquoted. Checked statically, from the sources:
 * - schema names in the migrations (tables and columns, quoted or not: a quoted reserved name would have to be
 *   quoted by every later statement too);
 * - identifiers in hand-written SQL (strings given to query(), the query builder's clauses and aliases, and SQL
 *   constants), unless quoted. Our SQL style writes keywords in upper case and names in lower case, so a word with
 *   a lower-case letter is a name; a name after a dot (`o.rank`) or a function name (`rank(`) may be reserved.
 */

const ROOT = join(__dirname, '../../..');
const MIGRATIONS_DIR = join(__dirname, 'migrations');
/** Query builder methods whose string arguments are SQL fragments or aliases. */
const SQL_METHODS = new Set([
  'query',
  'createQueryBuilder',
  'select',
  'addSelect',
  'where',
  'andWhere',
  'orWhere',
  'having',
  'andHaving',
  'orHaving',
  'groupBy',
  'addGroupBy',
  'orderBy',
  'addOrderBy',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
]);
/** SQL kept in constants or built from fragments: a literal that starts like a statement or a clause. */
const SQL_START =
  /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|SET|FROM|WHERE|AND|OR|JOIN|LEFT JOIN|INNER JOIN|GROUP BY|ORDER BY|HAVING|LIMIT|VALUES|ON DUPLICATE KEY|CASE WHEN|CREATE|ALTER|DROP)\b/;
/**
 * Schema names that are reserved words, allowed because MariaDB reserves them too: any unquoted use fails the
 * tests here, so every statement that names them quotes them (TypeORM always does).
 */
const QUOTED_EVERYWHERE = new Set(['values' /* product_spec.values */]);

const isReserved = (word: string) => MYSQL8_RESERVED_WORDS.has(word.toUpperCase());

/** Quoted strings and identifiers, comments and named parameters blanked out (same length, so positions hold). */
function blankQuoted(sql: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return sql
    .replace(/'(?:[^'\\]|\\.|'')*'/g, blank)
    .replace(/"(?:[^"\\]|\\.)*"/g, blank)
    .replace(/`[^`]*`/g, blank)
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, blank)
    .replace(/:(?:\.\.\.)?[A-Za-z_]\w*/g, blank);
}

/** Unquoted reserved words used as names in a piece of hand-written SQL. */
export function reservedNamesInSql(sql: string): string[] {
  const text = blankQuoted(sql);
  const found: string[] = [];
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_$]*/g)) {
    const word = m[0];
    if (!/[a-z]/.test(word)) continue; // upper case: a keyword, by our style
    const before = text.slice(0, m.index).trimEnd().slice(-1);
    const after = text.slice(m.index + word.length).trimStart()[0];
    if (before === '.' || after === '(') continue;
    if (isReserved(word)) found.push(word);
  }
  return found;
}

/** Tables and columns a migration's DDL names (quoted or not) that are reserved words. */
export function reservedNamesInDdl(sql: string): string[] {
  const names = [...sql.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  // Quoted names stand as upper-case words: counted above, and still in their place for the patterns below.
  const text = blankQuoted(sql.replace(/`[^`]*`/g, (m) => 'Q'.repeat(m.length)));
  // Unquoted names after the keywords that introduce them...
  names.push(
    ...[...text.matchAll(/(?<=\b(?:TABLE|COLUMN|ADD|CHANGE|MODIFY|TO|EXISTS)\s+)[A-Za-z_]\w*/g)]
      .map((m) => m[0])
      .filter((w) => /[a-z]/.test(w)),
  );
  // ...and unquoted column definitions in CREATE TABLE: `name type`, each at the start of a line or after a comma.
  for (const body of text.matchAll(/CREATE TABLE[^(]*\(([\s\S]*)\)/g)) {
    names.push(...[...body[1]!.matchAll(/(?:^|,|\()\s*([a-z_]\w*)\s+[a-z]/gm)].map((m) => m[1]!));
  }
  // Data changes in a migration are hand-written SQL too.
  if (/^\s*(INSERT|UPDATE|DELETE|SELECT)\b/.test(sql)) return [...new Set([...names.filter(isReserved), ...reservedNamesInSql(sql)])];
  return [...new Set(names.filter(isReserved))];
}

interface SqlLiteral {
  file: string;
  line: number;
  text: string;
}

/** String and template literals (placeholders blanked) that are SQL: given to an SQL method, or written like SQL. */
function sqlLiterals(file: string): SqlLiteral[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
  const out: SqlLiteral[] = [];
  const inSqlCall = (node: ts.Node): boolean => {
    for (let n: ts.Node | undefined = node.parent; n && !ts.isBlock(n) && !ts.isSourceFile(n); n = n.parent) {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && SQL_METHODS.has(n.expression.name.text)) return true;
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((s) => ` ? ${s.literal.text}`)].join('');
    if (text !== undefined && !ts.isImportDeclaration(node.parent) && (inSqlCall(node) || SQL_START.test(text))) {
      out.push({ file: relative(ROOT, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function sourceFiles(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => join(e.parentPath, e.name));
}

describe('MySQL 8.0 reserved words', () => {
  it('is the manual list (spot checks, including words MariaDB does not reserve)', () => {
    for (const w of ['RANK', 'ROW', 'ROWS', 'GROUPS', 'SYSTEM', 'FUNCTION', 'CUBE', 'LATERAL', 'INTERSECT', 'KEY', 'ORDER', '_FILENAME']) {
      expect(MYSQL8_RESERVED_WORDS.has(w)).toBe(true);
    }
    for (const w of ['STATUS', 'USER', 'TYPE', 'NAME', 'ACTION', 'ADMIN', 'ARRAY', 'MEMBER', 'PERSIST', 'QUALIFY', 'TEXT', 'DATE']) {
      expect(MYSQL8_RESERVED_WORDS.has(w)).toBe(false);
    }
    expect(MYSQL8_RESERVED_WORDS.size).toBe(263);
  });

  it('finds a migration that names a column `rank`, quoted or not', () => {
    expect(reservedNamesInDdl('CREATE TABLE `sku` (`id` int NOT NULL, `rank` int NOT NULL, PRIMARY KEY (`id`))')).toEqual(['rank']);
    expect(reservedNamesInDdl('ALTER TABLE `product` ADD `rank` int NOT NULL DEFAULT 0')).toEqual(['rank']);
    expect(reservedNamesInDdl('ALTER TABLE product ADD COLUMN rank int NOT NULL')).toEqual(['rank']);
    expect(reservedNamesInDdl('CREATE TABLE groups (\n  id int NOT NULL,\n  system varchar(8) NULL\n)')).toEqual(['groups', 'system']);
    expect(reservedNamesInDdl('CREATE TABLE `sku` (`id` int NOT NULL, `sort` decimal(10,2) NULL, PRIMARY KEY (`id`))')).toEqual([]);
  });

  it('finds unquoted reserved names in hand-written SQL, and only those', () => {
    expect(reservedNamesInSql('SELECT id, rank FROM product')).toEqual(['rank']);
    expect(reservedNamesInSql('SELECT p.id AS row FROM product p')).toEqual(['row']);
    expect(reservedNamesInSql('SELECT p.rank, `rank`, RANK() OVER (ORDER BY id) AS n FROM product p')).toEqual([]);
    expect(reservedNamesInSql("SELECT id FROM job WHERE status = 'system' AND type = :rank")).toEqual([]);
  });

  it('names no table or column in the migrations', () => {
    const found = sourceFiles(MIGRATIONS_DIR, /^\d+-.*\.ts$/).flatMap((f) =>
      sqlLiterals(f).flatMap((l) =>
        reservedNamesInDdl(l.text)
          .filter((w) => !QUOTED_EVERYWHERE.has(w))
          .map((w) => `${l.file}:${l.line}: ${w}`),
      ),
    );
    expect(found).toEqual([]);
  });

  it('appears unquoted as a name in no hand-written SQL (service, tests, bench floor)', () => {
    const files = [
      ...['apps', 'libs', 'test'].flatMap((d) => sourceFiles(join(ROOT, d), /\.ts$/)),
      ...sourceFiles(join(ROOT, 'bench'), /\.mjs$/),
    ].filter((f) => !f.startsWith(MIGRATIONS_DIR) && f !== __filename);
    expect(files.length).toBeGreaterThan(100);
    const literals = files.flatMap(sqlLiterals);
    expect(literals.length).toBeGreaterThan(100);
    const found = literals.flatMap((l) => reservedNamesInSql(l.text).map((w) => `${l.file}:${l.line}: ${w}`));
    expect(found).toEqual([]);
  });
});
