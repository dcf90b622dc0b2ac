'use strict';
// The run's template database (global-setup.js builds it, global-teardown.js drops it): what a test file needs to
// make its own copy is captured once into a small JSON "recipe" that libs/testing test-database.ts replays.

/** test/jest/global-setup.js drops databases with this prefix left by crashed runs (libs/testing uses it too). */
const PREFIX = 'wxmall_t_';
/** Stands for the new database's name in the recipe's statements. */
const TARGET = '{{database}}';
// MySQL 8's default, as the service and libs/testing set it on their connections (MYSQL8_SQL_MODE in libs/config).
const SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

/**
 * Each table's DDL as the server prints it (SHOW CREATE TABLE keeps indexes, foreign keys, charsets and the
 * AUTO_INCREMENT counter, which CREATE TABLE ... LIKE would not all keep), and, for the tables migrations wrote rows
 * into (schema_migrations at least), the statement that copies them (TARGET standing for the copy's name).
 */
async function capture(conn, database) {
  const [tables] = await conn.query(
    'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
    [database],
  );
  const views = tables.filter((t) => t.type !== 'BASE TABLE').map((t) => t.name);
  if (views.length > 0) {
    throw new Error(`the migrations create views (${views.join(', ')}): teach test/jest/template.js to copy them`);
  }
  const [routines] = await conn.query('SELECT COUNT(*) AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?', [database]);
  if (Number(routines[0].n) > 0) throw new Error('the migrations create routines: teach test/jest/template.js to copy them');
  // Triggers (e.g. the audit log's append-only guard) as the server prints them, with the sql_mode they were made in;
  // their table names are unqualified, so the copy creates them while using the new database.
  const [triggerNames] = await conn.query(
    'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY TRIGGER_NAME',
    [database],
  );
  const triggers = [];
  for (const { name } of triggerNames) {
    const [[shown]] = await conn.query(`SHOW CREATE TRIGGER \`${database}\`.\`${name}\``);
    triggers.push({ name, sqlMode: String(shown.sql_mode), ddl: String(shown['SQL Original Statement']) });
  }
  const out = [];
  for (const { name } of tables) {
    const [[created]] = await conn.query(`SHOW CREATE TABLE \`${database}\`.\`${name}\``);
    const ddl = String(created['Create Table']);
    const [[{ n }]] = await conn.query(`SELECT EXISTS (SELECT 1 FROM \`${database}\`.\`${name}\`) AS n`);
    let copy;
    if (Number(n) === 1) {
      const [cols] = await conn.query(
        "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION",
        [database, name],
      );
      const list = cols.map((c) => `\`${c.c}\``).join(', ');
      copy = `INSERT INTO \`${TARGET}\`.\`${name}\` (${list}) SELECT ${list} FROM \`${database}\`.\`${name}\``;
    }
    out.push({ name, ddl, copy });
  }
  return { tables: out, triggers };
}

module.exports = { PREFIX, SQL_MODE, TARGET, capture };
