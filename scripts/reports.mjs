#!/usr/bin/env node
// `npm run reports -- rebuild|seed`: reports' operator CLI (apps/api/src/reports-cli.ts), run from the sources
// (scripts/run-cli.mjs).
import { runCli } from './run-cli.mjs';

process.exitCode = await runCli('reports-cli', 'runReportsCli', 'reports');
