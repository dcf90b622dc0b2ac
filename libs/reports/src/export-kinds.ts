/** What can be exported as CSV, and the states of an export run as a job. */
export const EXPORT_KINDS = [
  'orders',
  'after-sales',
  'refunds',
  'inventory',
  'customers',
  'sales-report',
  'product-report',
  'distribution-report',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_STATUSES = ['pending', 'running', 'ready', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];
