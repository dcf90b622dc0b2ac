/**
 * The one error type services throw. `code` is a stable UPPER_SNAKE identifier clients may switch on;
 * `message` is for humans; `details` carries structured context (fields, SKU ids, ...).
 */
export class AppException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppException';
  }
}

export interface FieldError {
  field: string;
  errors: string[];
}

/** Errors shared by every module. Each domain module adds its own in `<module>.errors.ts`. */
export const CommonErrors = {
  validation: (fields: FieldError[]): AppException =>
    new AppException(400, 'VALIDATION_FAILED', `Invalid input: ${fields.map((f) => f.field).join(', ')}`, { fields }),
  field: (field: string, error: string): AppException => CommonErrors.validation([{ field, errors: [error] }]),
  badRequest: (message: string, details?: Record<string, unknown>): AppException => new AppException(400, 'BAD_REQUEST', message, details),
  unauthenticated: (message = 'Authentication required'): AppException => new AppException(401, 'UNAUTHENTICATED', message),
  forbidden: (message = 'Not allowed'): AppException => new AppException(403, 'FORBIDDEN', message),
  notFound: (what = 'Resource'): AppException => new AppException(404, 'NOT_FOUND', `${what} not found`),
  rateLimited: (message = 'Too many requests', details?: Record<string, unknown>): AppException =>
    new AppException(429, 'RATE_LIMITED', message, details),
  notReady: (message = 'Service not ready'): AppException => new AppException(503, 'NOT_READY', message),
};
