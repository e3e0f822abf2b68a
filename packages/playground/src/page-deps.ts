import { LOCAL_FAULT_KINDS, type LocalFaultState, type LocalFaults } from '../../../src/images/faults.js';
import type { ClockView, Hub } from './hub.js';
import type { QueueSnapshot } from './queue-snapshot.js';
import type { PlaygroundEmulator } from './world-view.js';

/** What the page server needs: the emulator it serves from, plus the two tester switches and the queue panel. */
export interface PageDeps {
  readonly emulator: PlaygroundEmulator;
  /** The local backend's fault switch (the same object the backend was built with). */
  readonly faults: LocalFaults;
  /** `stability` when a real API key is set: the fault switch then has nothing to act on. */
  readonly backend: 'local' | 'stability';
  readonly queueSnapshot: () => QueueSnapshot;
  readonly hub: Hub;
}

export interface FaultsView {
  readonly enabled: boolean;
  readonly kinds: readonly { readonly kind: string; readonly label: string }[];
  readonly state: LocalFaultState;
}

export interface ViolationsView {
  readonly count: number;
  /** The latest few, newest last: each means the bot did something real Discord would reject. */
  readonly recent: readonly string[];
}

export function clockView(emulator: PlaygroundEmulator): ClockView {
  const now = emulator.clock.now();
  return { now, offsetMs: now - Date.now() };
}

export function faultsView(deps: PageDeps): FaultsView {
  return { enabled: deps.backend === 'local', kinds: LOCAL_FAULT_KINDS, state: deps.faults.get() };
}

export function violationsView(emulator: PlaygroundEmulator): ViolationsView {
  const all = emulator.violations;
  return {
    count: all.length,
    recent: all.slice(-5).map((v) => `${v.method ?? ''} ${v.route ?? ''} → ${v.code} ${v.message}`.trim()),
  };
}
