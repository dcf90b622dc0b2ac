export {
  AppException,
  CommonErrors,
  defineError,
  type ErrorCode,
  type ErrorDef,
  type ErrorMessage,
  type FieldError,
} from './errors/app-exception';
export { isDatabaseUnavailable, type MappedError, toErrorResponse } from './errors/error-body';
export { ErrorBody } from './openapi/error-body.dto';
export { ApiErrorGroup, ApiErrors, applyErrorResponses } from './openapi/api-errors';
export { AllExceptionsFilter } from './http/all-exceptions.filter';
export { BODY_LIMIT_KEY, BodyLimit } from './http/body-limit';
export { AddRouteConfig } from './http/route-config';
export { bearerTokenMatches } from './http/bearer-token';
export { sendJson, toJsonBody } from './http/json-body';
export { signBody, verifySignedBody } from './http/signed-body';
export { RequestContext, type RequestContextStore } from './http/request-context';
export { AppLogger, createPino, maskPhone } from './logging/logger';
export { errorText } from './logging/safe-error';
export { createValidationPipe, IdPipe, MAX_ID } from './validation/validation';
export {
  Clearable,
  IsFen,
  IsId,
  IsImageRef,
  IsNested,
  IsTrackingNo,
  IsPhone,
  IsQueryId,
  IsQueryInt,
  IsText,
  Optional,
  PartialDto,
  ToQueryNumber,
} from './validation/decorators';
export { allocateFen, type Fen, formatYuan, MAX_FEN, mulFen, sumFen } from './money';
export { MAX_PAGE_SIZE, type Page, PageOf, pageParams, PageQuery, TimeRangePageQuery, toPage } from './pagination';
export { Clock } from './clock';
export { CommonModule } from './common.module';
export { Metrics } from './metrics';
export { StateMachine, type TransitionKey } from './state-machine';
export { newBusinessNo } from './business-no';
