import {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  ContentModerationError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  RateLimitError,
  type StabilityError,
  UnprocessableError,
} from './errors.js';

export type ErrorAudience = 'user' | 'operator';

/** What a person is told about a failed Stability call: the one table the CLI, the bot and the README share. */
export interface ErrorDescription {
  /** Short, safe to show to any Discord user. */
  summary: string;
  /** Whether the failure is about the prompt/image (the user can fix it) rather than the service or setup. */
  userFixable: boolean;
}

export function describeStabilityError(error: StabilityError): ErrorDescription {
  if (error instanceof ContentModerationError) {
    return {
      summary: "Stability's content moderation refused this prompt. You were not charged; try rewording it.",
      userFixable: true,
    };
  }
  if (error instanceof UnprocessableError) {
    if (error.reason === 'invalid_language') {
      return {
        summary: 'Stability only understands English prompts. Please write the prompt in English.',
        userFixable: true,
      };
    }
    if (error.reason === 'public_figure') {
      return {
        summary: 'Stability refused this request because it detected the likeness of a public figure.',
        userFixable: true,
      };
    }
    return { summary: 'Stability could not process this request.', userFixable: true };
  }
  if (error instanceof BadRequestError) {
    return { summary: `Stability rejected the request as invalid: ${firstError(error)}`, userFixable: true };
  }
  if (error instanceof PayloadTooLargeError) {
    return { summary: 'The image sent to Stability was larger than its 10 MiB limit.', userFixable: false };
  }
  if (error instanceof AuthenticationError) {
    return { summary: "The bot's Stability API key was refused. The operator has to fix the key.", userFixable: false };
  }
  if (error instanceof PaymentRequiredError) {
    return {
      summary: 'The Stability account has run out of credits. The operator has to top it up.',
      userFixable: false,
    };
  }
  if (error instanceof NotFoundError) {
    return {
      summary: 'Stability does not know this endpoint or model (it may have been retired).',
      userFixable: false,
    };
  }
  if (error instanceof RateLimitError) {
    return {
      summary: 'Stability is rate-limiting this bot (150 requests per 10 s); the queue pauses for 60 s.',
      userFixable: false,
    };
  }
  if (error instanceof InternalServerError) {
    return {
      summary: 'Stability had an internal error. It was not retried automatically because it may have been charged.',
      userFixable: false,
    };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return {
      summary: 'Stability did not answer in time. It was not retried automatically because it may have been charged.',
      userFixable: false,
    };
  }
  if (error instanceof APIConnectionError) {
    return { summary: 'Stability could not be reached (network error).', userFixable: false };
  }
  return { summary: 'Stability returned an unexpected error.', userFixable: false };
}

function firstError(error: StabilityError): string {
  return error.errors[0] ?? error.message;
}

/** One line with everything support needs, for the operator's log or the CLI's stderr. */
export function formatErrorForOperator(error: StabilityError): string {
  const parts = [`${error.name}`];
  if (error.status !== undefined) parts.push(`HTTP ${error.status}`);
  if (error.code !== undefined) parts.push(`name=${error.code}`);
  if (error.errors.length > 0) parts.push(`errors=${JSON.stringify(error.errors)}`);
  if (error.errorId !== undefined) parts.push(`error id=${error.errorId}`);
  if (error.requestId !== undefined) parts.push(`request id=${error.requestId}`);
  return parts.join(' ');
}
