'use strict';
// The integration project's environment: one vm context per Jest worker, shared by the test files it runs, so the
// modules test/jest/shared-runtime.js keeps loaded stay in the realm they were compiled in (their `Error`, `Promise`
// and `globalThis` are the test files' own). Jest still installs each file's globals (describe, expect, console) on it.
const { TestEnvironment } = require('jest-environment-node');

let first;

class SharedEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    if (!first) {
      first = this;
      return;
    }
    // The context made above is dropped: this file runs in the worker's first one.
    this._globalProxy.clear();
    this.context = first.context;
    this.global = first.global;
    this.moduleMocker = first.moduleMocker;
    this.fakeTimers = first.fakeTimers;
    this.fakeTimersModern = first.fakeTimersModern;
  }

  async teardown() {
    // Fake timers back to real ones for the next file; the context lives as long as the worker.
    this.fakeTimers?.useRealTimers();
    this.fakeTimersModern?.useRealTimers();
  }
}

module.exports = SharedEnvironment;
module.exports.TestEnvironment = SharedEnvironment;
