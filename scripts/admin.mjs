#!/usr/bin/env node
// `npm run admin -- unlock|reset-password <username>`: the operator CLI (apps/api/src/admin-cli.ts), run from the
// sources (scripts/run-cli.mjs).
import { runCli } from './run-cli.mjs';

process.exitCode = await runCli('admin-cli', 'runAdminCli', 'admin');
