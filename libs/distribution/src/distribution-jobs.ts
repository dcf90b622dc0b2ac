/** distribution's durable jobs and their payloads (added to the typed map of @app/jobs). */

export const TRANSFER_JOB = 'distribution.transfer-bill';

declare module '@app/jobs' {
  interface JobPayloads {
    /** Create the WeChat merchant transfer bill of an approved withdrawal (its attempt's out_bill_no, reused on retry). */
    'distribution.transfer-bill': { withdrawalId: number; attempt: number };
  }
}
