'use strict';
// Unit specs run without a database: a spec that tries to reach MySQL through libs/testing meets a closed port
// (and fails loudly) instead of quietly needing the server.
process.env.TEST_DATABASE_URL = 'mysql://root@127.0.0.1:1';
