'use strict';
// Drops this run's template database and its recipe (global-setup.js).
const { rmSync } = require('node:fs');
const { createConnection } = require('mysql2/promise');

module.exports = async function globalTeardown() {
  const t = globalThis.__WXMALL_TEMPLATE__;
  if (!t) return;
  if (t.file) rmSync(t.file, { force: true });
  const conn = await createConnection({ uri: t.url, connectTimeout: 5000 });
  try {
    // As global-setup's stale drops: a database the server cannot drop is reported, not a failed run.
    await conn.query(`DROP DATABASE IF EXISTS \`${t.name}\``).catch((err) => {
      console.warn(`\nwxmall tests: could not drop the template database ${t.name} (${err.message}).`);
    });
  } finally {
    await conn.end();
  }
};
