import type { Dispatcher } from 'undici';
import type { Config } from '../config.js';
import { createStabilityClient } from '../stability/client.js';
import type { ImageBackend } from './backend.js';
import { createLocalFaults, type LocalFaults, parseFaultKind } from './faults.js';
import { createLocalBackend } from './local-backend.js';
import { createStabilityBackend } from './stability-backend.js';

export interface BackendExtras {
  dispatcher?: Dispatcher;
  /** The playground's fault switch; built from LOCAL_BACKEND_FAULT when absent. */
  faults?: LocalFaults;
  version?: string;
}

/** The image backend the configuration names: Stability's API, or the offline local renderer. */
export function createImageBackend(config: Config, extras: BackendExtras = {}): ImageBackend {
  if (config.images.backend === 'local') {
    const faults = extras.faults ?? createLocalFaults(parseFaultKind(config.images.localFault ?? '') ?? 'none');
    return createLocalBackend({
      faults,
      latencyMs: config.images.localLatencyMs,
      balance: config.images.localBalance,
    });
  }
  if (!config.stability.apiKey) throw new Error('STABILITY_API_KEY is required for the Stability backend');
  const client = createStabilityClient({
    apiKey: config.stability.apiKey,
    baseUrl: config.stability.apiUrl,
    timeoutMs: config.stability.timeoutMs,
    clientId: 'imagine-bot',
    ...(extras.version ? { clientVersion: extras.version } : {}),
    ...(extras.dispatcher ? { dispatcher: extras.dispatcher } : {}),
  });
  return createStabilityBackend(client);
}
