import {
  type CommandOptionValue,
  EmulatorUsageError,
  type EmulatorUser,
  type InteractionHandle,
  type UserFile,
} from '@imagine-bot/discord-emulator';
import { parseFaultKind } from '../../../src/images/faults.js';
import { asObject, type JsonObject, optionalString, PageRequestError, requireString } from './http-io.js';
import { clockView, type PageDeps } from './page-deps.js';
import { resolveViewer } from './world-view.js';

/** Discord shows "The application did not respond" when no callback arrives within this. @unit ms */
const RESPONSE_WINDOW_MS = 3_000;

/** The clock control moves time forward only, and by at most a week (token expiry needs 15 minutes). @unit ms */
const MAX_CLOCK_JUMP_MS = 7 * 24 * 60 * 60_000;

function user(deps: PageDeps, body: JsonObject): EmulatorUser {
  const ref = requireString(body, 'user');
  const found = resolveViewer(deps.emulator, ref);
  if (!found) throw new PageRequestError(`unknown user ${ref}`);
  return found;
}

/** A file the page read from the person's disk: `{ filename, contentType?, data }` with the bytes in base64. */
function uploadedFile(value: unknown, what: string): UserFile {
  const file = asObject(value, what);
  const filename = requireString(file, 'filename');
  const data = file.data;
  if (typeof data !== 'string') throw new PageRequestError(`${what}: "data" must be the file's bytes in base64`);
  const contentType = optionalString(file, 'contentType');
  return { filename, bytes: new Uint8Array(Buffer.from(data, 'base64')), ...(contentType ? { contentType } : {}) };
}

function optionValues(value: unknown): Record<string, CommandOptionValue> {
  if (value === undefined || value === null) return {};
  const options = asObject(value, '"options"');
  const out: Record<string, CommandOptionValue> = {};
  for (const [name, option] of Object.entries(options)) {
    // User, role and channel options arrive as ids (strings); the emulator resolves them as Discord's client would.
    if (typeof option === 'string' || typeof option === 'boolean') out[name] = option;
    else if (typeof option === 'number' && Number.isFinite(option)) out[name] = option;
    // An ATTACHMENT option: the emulator uploads it to its CDN, as the Discord client does before sending.
    else if (typeof option === 'object' && option !== null) out[name] = uploadedFile(option, `option "${name}"`);
    else throw new PageRequestError(`option "${name}" must be a string, number, boolean or file`);
  }
  return out;
}

function uploadedFiles(value: unknown): UserFile[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PageRequestError('"files" must be a list');
  return value.map((file, index) => uploadedFile(file, `file ${index + 1}`));
}

function modalValues(value: unknown): Record<string, string | string[]> {
  const values = asObject(value ?? {}, '"values"');
  const out: Record<string, string | string[]> = {};
  for (const [key, field] of Object.entries(values)) {
    if (typeof field === 'string') out[key] = field;
    else if (Array.isArray(field) && field.every((v) => typeof v === 'string')) out[key] = field as string[];
    else throw new PageRequestError(`modal field "${key}" must be a string or a list of strings`);
  }
  return out;
}

/** Tells the page when the bot let the 3 s window pass, as Discord's client does; the interaction is not touched. */
function watchResponse(deps: PageDeps, handle: InteractionHandle, userId: string): { interactionId: string } {
  const timer = setTimeout(() => {
    if (!handle.record.response) {
      deps.hub.publish({ type: 'interaction-failed', userId, interactionId: handle.id });
    }
  }, RESPONSE_WINDOW_MS);
  timer.unref();
  void handle.response.then(() => clearTimeout(timer));
  return { interactionId: handle.id };
}

/**
 * The page's actions. Each is what a Discord client would do: the three interactions go through the emulator's
 * public API (an INTERACTION_CREATE on the bot's gateway), never into the bot; the clock and fault switch are the
 * tester's controls.
 */
export function runAction(deps: PageDeps, action: string, raw: unknown): unknown {
  const body = asObject(raw, 'the request body');
  const { emulator } = deps;
  try {
    switch (action) {
      case 'command': {
        const actor = user(deps, body);
        const subcommand = optionalString(body, 'subcommand');
        const group = optionalString(body, 'group');
        const handle = emulator.invokeCommand(
          actor,
          requireString(body, 'channel'),
          requireString(body, 'name'),
          optionValues(body.options),
          { ...(subcommand ? { subcommand } : {}), ...(group ? { group } : {}) },
        );
        return watchResponse(deps, handle, actor.id);
      }
      case 'message': {
        // The composer's ➕: a plain message with text and/or files, as a member posts one.
        const actor = user(deps, body);
        const message = emulator.postMessage(actor, requireString(body, 'channel'), {
          ...(optionalString(body, 'content') ? { content: optionalString(body, 'content') } : {}),
          files: uploadedFiles(body.files),
        });
        return { messageId: message.id };
      }
      case 'app': {
        // Right click → Apps → name, on a message: a message context-menu command.
        const actor = user(deps, body);
        const handle = emulator.invokeMessageCommand(
          actor,
          requireString(body, 'message'),
          requireString(body, 'name'),
        );
        return watchResponse(deps, handle, actor.id);
      }
      case 'button': {
        const actor = user(deps, body);
        const handle = emulator.clickButton(actor, requireString(body, 'message'), requireString(body, 'customId'));
        return watchResponse(deps, handle, actor.id);
      }
      case 'modal': {
        const actor = user(deps, body);
        const handle = emulator.submitModal(
          actor,
          requireString(body, 'interaction'),
          requireString(body, 'customId'),
          modalValues(body.values),
        );
        return watchResponse(deps, handle, actor.id);
      }
      case 'clock': {
        const ms = body.ms;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0 || ms > MAX_CLOCK_JUMP_MS) {
          throw new PageRequestError(`"ms" must be a number of milliseconds in (0, ${MAX_CLOCK_JUMP_MS}]`);
        }
        emulator.advanceClock(ms);
        const clock = clockView(emulator);
        deps.hub.publish({ type: 'clock', clock });
        return clock;
      }
      case 'faults': {
        if (deps.backend !== 'local') throw new PageRequestError('the fault switch acts on the local backend only');
        const kind = parseFaultKind(requireString(body, 'kind'));
        if (!kind) throw new PageRequestError(`unknown fault kind ${String(body.kind)}`);
        const times = body.times;
        if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
          throw new PageRequestError('"times" must be a positive integer');
        }
        deps.faults.set(kind, times === undefined ? {} : { times });
        const state = deps.faults.get();
        deps.hub.publish({ type: 'faults', state });
        return state;
      }
      default:
        throw new PageRequestError(`unknown action ${action}`, 404);
    }
  } catch (error) {
    // What a real client would not even let a user try (missing option, someone else's ephemeral, no permission).
    if (error instanceof EmulatorUsageError) throw new PageRequestError(error.message);
    throw error;
  }
}
