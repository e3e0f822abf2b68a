import type { Probe } from '../probe.js';
import { discordRest } from './discord-rest.js';
import { fuzzButtons } from './fuzz-buttons.js';
import { fuzzModals } from './fuzz-modals.js';
import { fuzzOptions } from './fuzz-options.js';
import { gatewayDrop } from './gateway-drop.js';
import { kill9 } from './kill-9.js';
import { postgresDispatch } from './postgres-dispatch.js';
import { stabilityFaults } from './stability-faults.js';
import { storeFull } from './store-full.js';
import { storeReadOnly } from './store-readonly.js';
import { tightQuota } from './tight-quota.js';

/** Every probe, in the order they run: fuzzing, then Discord and Stability faults, then store faults and kills. */
export const probes: readonly Probe[] = [
  fuzzButtons,
  fuzzOptions,
  fuzzModals,
  discordRest,
  gatewayDrop,
  stabilityFaults,
  tightQuota,
  kill9,
  storeReadOnly,
  storeFull,
  postgresDispatch,
];
