import { CommonErrors, defineError } from '@app/common';

export const ReportsErrors = {
  badRange: (field: 'from' | 'to', why: string) => CommonErrors.field(field, why),
  exportNotFound: CommonErrors.notFound.with('Export'),
  exportNotReady: defineError(409, 'EXPORT_NOT_READY', (status: string) => ({
    message: `The export is ${status}: fetch it when it is ready`,
    details: { status },
  })),
};
