import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import type { Sql } from './sql-text';

/*
 * Hand-written SQL has one home per lib, its `*.sql.ts` (docs/decisions.md, "When SQL is written by hand"): this
 * fails when a string or template literal that reads as a statement appears in any other file under libs/ or apps/.
 * Migrations and tests are exempt (tests may keep ad-hoc SQL).
 */

const ROOT = join(__dirname, '../../..');
/** A statement, not a word: `SELECT` followed by what it selects, `INSERT INTO`, `UPDATE t SET`, `DELETE FROM`. */
export const STATEMENT =
  /\b(SELECT\s+(DISTINCT\s+)?[\w*`(@]|INSERT\s+(IGNORE\s+)?INTO\s|REPLACE\s+INTO\s|UPDATE\s+[\w`]+(\s+\w+)?\s+(FORCE\s+INDEX\s*\(\w+\)\s+)?SET\s|DELETE\s+FROM\s)/;

const EXEMPT = [/\.sql\.ts$/, /\.(spec|int-spec|e2e-spec)\.ts$/, /\/migrations\//];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Text of every string and template literal (a template's substitutions read as `x`), with its line. */
export function literals(file: string, text: string): { line: number; text: string }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    let value: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) value = node.text;
    else if (ts.isTemplateExpression(node)) value = node.head.text + node.templateSpans.map((s) => `x${s.literal.text}`).join('');
    if (value !== undefined) out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: value });
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Only `sql()` and the builders make a statement: `npm run typecheck` fails if the line below compiles. */
// @ts-expect-error a string put together outside a home is not a statement select() or execute() would run
export const notAStatement: Sql = `SELECT 1`;

describe('SQL homes', () => {
  it('no statement outside a *.sql.ts file under libs/ and apps/ (migrations and tests excepted)', () => {
    const files = ['libs', 'apps'].flatMap((d) => sourceFiles(join(ROOT, d))).filter((f) => !EXEMPT.some((e) => e.test(f)));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) =>
      literals(f, readFileSync(f, 'utf8'))
        .filter((l) => STATEMENT.test(l.text))
        .map((l) => `${relative(ROOT, f)}:${l.line}: ${l.text.replace(/\s+/g, ' ').slice(0, 100)}`),
    );
    expect(found).toEqual([]);
  });

  it('recognizes statements, not words', () => {
    const hits = (src: string): string[] =>
      literals('x.ts', src)
        .filter((l) => STATEMENT.test(l.text))
        .map((l) => l.text);
    expect(
      hits(
        [
          "q('SELECT id FROM sku')",
          'q(`SELECT ${cols} FROM sku`)',
          "q('INSERT INTO cart_item (a) VALUES (?)')",
          'q("UPDATE `user` SET a = 1")',
          "q('UPDATE sku FORCE INDEX (PRIMARY) SET stock = 1')",
          "qb.andWhere('EXISTS (SELECT 1 FROM product p)')",
          "q('DELETE FROM job WHERE id = ?')",
        ].join('\n'),
      ),
    ).toHaveLength(7);
    expect(
      hits(["const words = ['SELECT', 'UPDATE'];", "log('select a product');", "err('Update the settings first');"].join('\n')),
    ).toEqual([]);
  });
});
