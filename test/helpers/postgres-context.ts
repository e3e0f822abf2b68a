/** The key under which the global setup (test/postgres-global-setup.ts) provides its PostgreSQL broker to test files. */
export const POSTGRES_BROKER_KEY = 'postgresBroker';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * An http://127.0.0.1 endpoint of the vitest main process: a POST starts the run's one throwaway cluster on first
     * use and answers `{ url }` (or `{ error }`). Tests reach it through createTestDatabase(), not directly.
     */
    [POSTGRES_BROKER_KEY]: string;
  }
}
