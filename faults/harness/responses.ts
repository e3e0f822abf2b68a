import type { InteractionHandle } from '@imagine-bot/discord-emulator';

/** The bot's first answer to an interaction, as far as the invariants care. */
export interface Answer {
  /** Callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 9 modal; 0 for none in time. */
  type: number;
  ephemeral: boolean;
  content: string;
}

const EPHEMERAL = 64;

function fieldsOf(data: unknown): { flags: number; content: string } {
  if (typeof data !== 'object' || data === null) return { flags: 0, content: '' };
  const record = data as { flags?: unknown; content?: unknown };
  return {
    flags: typeof record.flags === 'number' ? record.flags : 0,
    content: typeof record.content === 'string' ? record.content : '',
  };
}

/** Waits (with a deadline) for the bot's first callback; type 0 when there was none in time. */
export async function answerOf(handle: InteractionHandle, timeoutMs = 10_000): Promise<Answer> {
  try {
    const response = await handle.waitForResponse({ timeoutMs });
    const { flags, content } = fieldsOf(response.data);
    return { type: response.type, ephemeral: (flags & EPHEMERAL) !== 0, content };
  } catch {
    return { type: 0, ephemeral: false, content: '' };
  }
}

/** A clear refusal: an ephemeral message (not a modal, not silence, not something everyone sees). */
export function refusalProblem(answer: Answer): string | undefined {
  if (answer.type === 0) return 'never answered';
  if (answer.type !== 4) return `answered with callback type ${answer.type}, not a message`;
  if (!answer.ephemeral) return `answered publicly: ${JSON.stringify(answer.content.slice(0, 80))}`;
  if (answer.content.trim().length === 0) return 'answered with an empty message';
  if (/Something went wrong/.test(answer.content)) return `answered as a bot failure: ${answer.content.slice(0, 80)}`;
  return undefined;
}
