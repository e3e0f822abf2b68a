import type { ImageBackend } from '../../src/images/backend.js';

export interface BackendGate {
  wrap(backend: ImageBackend): ImageBackend;
  /** Resolves once `count` calls have left the bot (each recorded as sent, its answer waiting at the gate). */
  entered(count?: number): Promise<void>;
  /** Lets every held answer, and all later ones, through. */
  open(): void;
}

/** Holds paid calls' answers at the backend until the test opens it, so a test can act while calls are in flight. */
export function createBackendGate(): BackendGate {
  const arrivals: { count: number; notify: () => void }[] = [];
  let arrived = 0;
  let release: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    wrap: (backend) => ({
      name: backend.name,
      async run(request, options) {
        // The image is made first and held: opening the gate hands every held result back at the same moment.
        const result = await backend.run(request, options);
        arrived++;
        for (const waiter of arrivals.filter((w) => w.count <= arrived)) {
          arrivals.splice(arrivals.indexOf(waiter), 1);
          waiter.notify();
        }
        await opened;
        return result;
      },
      poll: (id, options) => backend.poll(id, options),
      ...(backend.balance ? { balance: () => backend.balance?.() ?? Promise.resolve(0) } : {}),
    }),
    entered: (count = 1) =>
      arrived >= count ? Promise.resolve() : new Promise((resolve) => arrivals.push({ count, notify: resolve })),
    open: () => release(),
  };
}
