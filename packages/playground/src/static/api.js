/** What a person is told when a POST cannot reach the server at all (the browser's own words: "Failed to fetch"). */
export const UNREACHABLE =
  'The playground server is not reachable: is `npm run demo` still running? This page reconnects by itself when it is back.';

/**
 * The page's actions as JSON POSTs. `post` resolves with the server's answer or rejects with its reason (e.g. option
 * "prompt" is required); when the server does not answer at all it rejects with UNREACHABLE and calls
 * `onUnreachable`, so the page can show it is offline and reconnect.
 */
export function createApi({ onUnreachable }) {
  return {
    async post(action, body) {
      let response;
      try {
        response = await fetch(`/playground/api/${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch {
        onUnreachable();
        throw new Error(UNREACHABLE);
      }
      const result = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(result.error ?? `${response.status} ${response.statusText}`);
      return result;
    },
  };
}
