/** reports' durable jobs and their payloads (added to the typed map of @app/jobs). */

export const EXPORT_JOB = 'reports.export';

declare module '@app/jobs' {
  interface JobPayloads {
    /** Write a large CSV export into its stored chunks. */
    'reports.export': { exportId: number };
  }
}
