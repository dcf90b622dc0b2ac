/** Every non-2xx answer (api.md, Errors). Each operation lists the codes it may answer per status. */
export class ErrorBody {
  /** Stable UPPER_SNAKE identifier to switch on. */
  code!: string;
  /** For people; wording may change. */
  message!: string;
  /** Structured context: `fields` for VALIDATION_FAILED, SKU ids, limits, `retryAfterSeconds`... */
  details?: Record<string, unknown>;
  /** This request's id (also the `x-request-id` header): quote it when reporting a problem. */
  requestId!: string;
}
