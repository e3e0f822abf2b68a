import { type REST, Routes } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../logger.js';

const option: z.ZodType = z.lazy(() =>
  z.object({ name: z.string(), type: z.number(), options: z.array(option).optional() }).loose(),
);

/**
 * A modal's field as Discord sends it: a text input's value is always a string (empty when left blank). Anything
 * else is a forged payload; handlers would otherwise read `String(42)` or `String(true)` as the member's text.
 */
const modalField = z.union([
  z.object({ type: z.literal(4), custom_id: z.string(), value: z.string() }).loose(),
  z.object({ type: z.number().refine((type) => type !== 4) }).loose(),
]);

/** The parts of an interaction that discord.js builds objects from; what fails here would crash it, unanswered. */
const interaction = z.discriminatedUnion('type', [
  z.object({ type: z.literal(1) }).loose(),
  z
    .object({
      type: z.literal(2),
      data: z.object({ name: z.string(), type: z.number(), options: z.array(option).optional() }).loose(),
    })
    .loose(),
  z
    .object({
      type: z.literal(3),
      data: z.object({ custom_id: z.string(), component_type: z.number() }).loose(),
      message: z.object({ id: z.string() }).loose(),
    })
    .loose(),
  z
    .object({ type: z.literal(4), data: z.object({ name: z.string(), options: z.array(option).optional() }).loose() })
    .loose(),
  z
    .object({
      type: z.literal(5),
      data: z
        .object({
          custom_id: z.string(),
          // Action rows hold fields in `components`; Components V2 labels hold one in `component`.
          components: z.array(
            z.object({ components: z.array(modalField).optional(), component: modalField.optional() }).loose(),
          ),
        })
        .loose(),
    })
    .loose(),
]);

const envelope = z.object({ id: z.string().regex(/^\d{17,20}$/), token: z.string().min(1).max(1000) }).loose();

const DAMAGED = 'This request arrived damaged and cannot be handled. Try again from Discord itself.';

/**
 * What a malformed packet's `t` becomes. discord.js hands the Raw listeners the very object it then dispatches, and
 * has no handler for this name, so it never tries to build the interaction: building it is what throws (inside its
 * gateway handler, an unhandled rejection for every forged payload).
 */
export const ANSWERED_DISPATCH = 'IMAGINE_BOT_ANSWERED_MALFORMED_INTERACTION';

/**
 * Interactions whose shape discord.js cannot build (an `options` that is not a list, `components: null`) would
 * throw inside the library (an unhandled rejection) and never be answered. discord.js hands every dispatch to its
 * `raw` listeners before its own handler, as the same object: the guard answers a malformed one itself,
 * ephemerally, and renames the dispatch so the library's handler never sees it.
 */
export function createRawGuard(rest: REST, logger: Logger) {
  return {
    check(packet: { t?: unknown; d?: unknown }): void {
      if (packet.t !== 'INTERACTION_CREATE') return;
      if (interaction.safeParse(packet.d).success) return;
      packet.t = ANSWERED_DISPATCH;
      const head = envelope.safeParse(packet.d);
      if (!head.success) {
        logger.warn('an interaction without a usable id or token was dropped');
        return;
      }
      const { id, token } = head.data;
      logger.warn({ interactionId: id }, 'malformed interaction answered by the raw guard');
      rest
        .post(Routes.interactionCallback(id, token), {
          body: { type: 4, data: { content: DAMAGED, flags: 64 } },
          auth: false,
        })
        .catch((error: unknown) =>
          logger.warn({ interactionId: id, err: error }, 'could not answer a malformed interaction'),
        );
    },
  };
}
