import type { Clock } from './clock.js';
import type { EmulatorEvents } from './events.js';
import type { EmulatorLogger, GatewayFrame, RestCall, Violation } from './types.js';

/** Keeps a long-running playground from growing without bound; tests never get near it. */
const MAX_RECORDS = 5_000;

export interface Diagnostics {
  readonly violations: Violation[];
  readonly calls: RestCall[];
  readonly frames: GatewayFrame[];
  readonly logger: EmulatorLogger;
  recordViolation(violation: Omit<Violation, 'at'>): Violation;
  recordCall(call: RestCall): void;
  recordFrame(frame: Omit<GatewayFrame, 'at'>): void;
}

export function createStderrLogger(): EmulatorLogger {
  return {
    warn: (message) => {
      process.stderr.write(`[discord-emulator] ${message}\n`);
    },
  };
}

export function createDiagnostics(clock: Clock, events: EmulatorEvents, logger: EmulatorLogger): Diagnostics {
  const violations: Violation[] = [];
  const calls: RestCall[] = [];
  const frames: GatewayFrame[] = [];
  const push = <T>(list: T[], item: T) => {
    list.push(item);
    // Trim in batches: one splice per MAX_RECORDS / 4 pushes keeps recording O(1) per call at 100 requests a second.
    if (list.length > MAX_RECORDS + MAX_RECORDS / 4) list.splice(0, list.length - MAX_RECORDS);
  };
  return {
    violations,
    calls,
    frames,
    logger,
    recordViolation(input) {
      const violation: Violation = { at: clock.now(), ...input };
      push(violations, violation);
      // Loud on purpose: a violation means the bot would fail against real Discord.
      const where = violation.route ? `${violation.method} ${violation.route}` : violation.source;
      logger.warn(`VIOLATION (${violation.source}) ${where}: ${violation.code} ${violation.message}`);
      events.emit('violation', violation);
      return violation;
    },
    recordCall(call) {
      push(calls, call);
      logger.debug?.(`${call.method} ${call.path} → ${call.status}${call.code === null ? '' : ` (${call.code})`}`);
      events.emit('call', call);
    },
    recordFrame(input) {
      const frame: GatewayFrame = { at: clock.now(), ...input };
      push(frames, frame);
      events.emit('frame', frame);
    },
  };
}
