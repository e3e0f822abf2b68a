import { defineConfig } from 'vitest/config';

// One `npm test` runs every workspace's suite; each project can also run alone (`npx vitest --project emulator`).
export default defineConfig({
  test: {
    // A loaded 2-core CI machine runs several bot processes at once; these bound a hang, they are not timings.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default on this 2-core machine is one worker (cores − 1), yet most files wait on sockets, timers and
    // child processes rather than compute: three at once keep both cores busy.
    maxWorkers: 3,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        // The PostgreSQL cluster of the run: started only when a test file first asks for a database.
        test: { name: 'bot', include: ['test/**/*.test.ts'], globalSetup: ['test/postgres-global-setup.ts'] },
      },
      { extends: true, test: { name: 'emulator', include: ['packages/discord-emulator/test/**/*.test.ts'] } },
      { extends: true, test: { name: 'playground', include: ['packages/playground/test/**/*.test.ts'] } },
    ],
  },
});
