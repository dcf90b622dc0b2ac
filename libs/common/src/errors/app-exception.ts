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

/** What an error definition builds from its arguments: the message, or the message and details. */
export type ErrorMessage = string | { message: string; details?: Record<string, unknown> };

/** What the OpenAPI document says of an error: its status and code (and its message when it takes no arguments). */
export interface ErrorCode {
  readonly status: number;
  readonly code: string;
  readonly fixedMessage?: string;
}

/**
 * One error of a module (`<module>.errors.ts`): call it for the AppException to throw. Its status and code are
 * known without calling it, so routes name the errors they may answer by their definitions (`@ApiErrors` in
 * libs/common openapi), and the OpenAPI document lists them.
 */
export interface ErrorDef<A extends unknown[] = []> extends ErrorCode {
  (...args: A): AppException;
  /** The same error with its arguments fixed: a module's variant of a common error (`CommonErrors.notFound.with('Order')`). */
  with(...args: A): ErrorDef<[]>;
}

export function defineError<A extends unknown[]>(status: number, code: string, make: (...args: A) => ErrorMessage): ErrorDef<A> {
  const build = (...args: A): AppException => {
    const m = make(...args);
    return typeof m === 'string' ? new AppException(status, code, m) : new AppException(status, code, m.message, m.details);
  };
  const fixed = make.length === 0 ? make(...([] as unknown[] as A)) : undefined;
  return Object.assign(build, {
    status,
    code,
    fixedMessage: typeof fixed === 'string' ? fixed : fixed?.message,
    with: (...args: A): ErrorDef<[]> => defineError(status, code, () => make(...args)),
  });
}

const invalid = (fields: FieldError[]): ErrorMessage => ({
  message: `Invalid input: ${fields.map((f) => f.field).join(', ')}`,
  details: { fields },
});

/** Errors shared by every module. Each domain module adds its own in `<module>.errors.ts`. */
export const CommonErrors = {
  validation: defineError(400, 'VALIDATION_FAILED', invalid),
  field: defineError(400, 'VALIDATION_FAILED', (field: string, error: string) => invalid([{ field, errors: [error] }])),
  badRequest: defineError(400, 'BAD_REQUEST', (message: string, details?: Record<string, unknown>) => ({ message, details })),
  unauthenticated: defineError(401, 'UNAUTHENTICATED', (message: string = 'Authentication required') => message),
  forbidden: defineError(403, 'FORBIDDEN', (message: string = 'Not allowed') => message),
  notFound: defineError(404, 'NOT_FOUND', (what: string = 'Resource') => `${what} not found`),
  rateLimited: defineError(429, 'RATE_LIMITED', (message: string = 'Too many requests', details?: Record<string, unknown>) => ({
    message,
    details,
  })),
  /** WeChat's content security judged user text or an image risky (the field says which); nothing was stored. */
  contentRisky: defineError(400, 'CONTENT_RISKY', (field: string) => ({
    message: `${field} was refused by content security: please change it`,
    details: { field },
  })),
  notReady: defineError(503, 'NOT_READY', (message: string = 'Service not ready') => message),
};
