/** The login bridge's durable job (added to the typed map of @app/jobs). */

export const LINK_JOB = 'login-bridge.link';

declare module '@app/jobs' {
  interface JobPayloads {
    /** Tell the existing backend of a shopper's WeChat login and store the user id it answers (until linked). */
    'login-bridge.link': { userId: number };
  }
}
