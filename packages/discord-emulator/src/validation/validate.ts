import type { EmulatorContext } from '../context.js';
import { Errors, type FieldError } from '../rest/errors.js';
import type { DiscordSchemaName } from './openapi.js';

export interface ValidationInput {
  readonly method: string;
  readonly route: string;
  /** Schema of Discord's OpenAPI document the body must satisfy. */
  readonly schema: DiscordSchemaName;
  readonly body: unknown;
  /** Explicit documented limits on top of the schema (docs win where they disagree with it). */
  readonly limits?: readonly FieldError[];
}

/**
 * Fails loudly: a body real Discord would reject gets 400/50035 (with Discord's nested `errors`), a recorded
 * violation and a log line, so a bot bug cannot pass unnoticed against the emulator.
 */
export function validateBody(ctx: EmulatorContext, input: ValidationInput): void {
  const schemaErrors = ctx.schemas.validate(input.schema, input.body);
  const limitErrors = input.limits ?? [];
  if (schemaErrors.length === 0 && limitErrors.length === 0) return;
  const seen = new Set<string>();
  const errors = [...limitErrors, ...schemaErrors].filter((e) => {
    const key = `${e.path.join('.')}|${e.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  throw rejectAsViolation(ctx, input.method, input.route, errors, limitErrors.length > 0 ? 'limits' : 'openapi');
}

export function rejectAsViolation(
  ctx: EmulatorContext,
  method: string,
  route: string,
  errors: readonly FieldError[],
  source: 'limits' | 'openapi' | 'protocol' = 'protocol',
) {
  const error = Errors.invalidFormBody(errors);
  ctx.diagnostics.recordViolation({
    source,
    method,
    route,
    code: error.code,
    message: errors.map((e) => `${e.path.join('.') || '(body)'}: ${e.message}`).join('; '),
    errors: error.errors,
  });
  return error;
}

/** 50006 is a bot bug too (nothing to show), so it is flagged like a validation failure. */
export function rejectEmpty(ctx: EmulatorContext, method: string, route: string) {
  const error = Errors.emptyMessage();
  ctx.diagnostics.recordViolation({
    source: 'protocol',
    method,
    route,
    code: error.code,
    message: error.message,
    errors: null,
  });
  return error;
}
