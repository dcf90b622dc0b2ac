import { sql, sqlLiterals } from '@app/database';
import { JOB_STATUSES } from './job.entity';

/*
 * jobs' hand-written statements: a job's state steps, conditional updates through the primary key (docs/decisions.md,
 * "When SQL is written by hand"). Enqueueing, listing and retrying go through the repository and the query builder.
 */

const S = sqlLiterals(JOB_STATUSES);

/**
 * Claims a due job: pending and due, or running with an expired lease (a crashed runner), counted as an attempt.
 * Parameters: locked_by, locked_until, updated_at, id, now, now.
 */
export const CLAIM_JOB = sql(
  `UPDATE job FORCE INDEX (PRIMARY) SET status = ${S.running}, locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ? ` +
    `WHERE id = ? AND ((status = ${S.pending} AND run_at <= ?) OR (status = ${S.running} AND locked_until <= ?))`,
);

const WHILE_CLAIMED = `WHERE id = ? AND status = ${S.running} AND locked_by = ?`;
/** A finished run (done or dead), written only while this runner holds the claim. Parameters: status, finished_at, last_error, updated_at, id, locked_by. */
export const FINISH_JOB = sql(
  `UPDATE job FORCE INDEX (PRIMARY) SET status = ?, finished_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = ? ${WHILE_CLAIMED}`,
);
/**
 * Back in line for a later run (a failed attempt, or a type this instance does not know), only while this runner
 * holds the claim. Parameters: run_at, last_error, attempts, updated_at, id, locked_by.
 */
export const RELEASE_JOB = sql(
  `UPDATE job FORCE INDEX (PRIMARY) SET status = ${S.pending}, run_at = ?, last_error = ?, attempts = ?, locked_by = NULL, locked_until = NULL, ` +
    `updated_at = ? ${WHILE_CLAIMED}`,
);
