/** After the server refused the stream (it restarted and no longer knows the user id, say), try again this soon. @unit ms */
const RETRY_MS = 1_000;

/**
 * The page's live stream: one EventSource per signed-in user. EventSource retries by itself after a dropped
 * connection; when the server answers with an error instead (the stream is then closed for good), this opens a
 * new one. `url()` is read on every attempt, `handlers` maps event names to functions of the parsed data, and
 * `onConnected(boolean)` hears when the page goes live or loses the server.
 */
export function createLive({ url, handlers, onConnected }) {
  let source;
  let retry;

  const connect = () => {
    clearTimeout(retry);
    source?.close();
    const current = new EventSource(url());
    source = current;
    for (const [name, handler] of Object.entries(handlers)) {
      current.addEventListener(name, (event) => {
        if (name === 'snapshot') onConnected(true);
        handler(JSON.parse(event.data));
      });
    }
    current.onerror = () => {
      if (current !== source) return;
      onConnected(false);
      if (current.readyState === EventSource.CLOSED) retry = setTimeout(connect, RETRY_MS);
    };
  };

  return {
    connect,
    /** A request found no server: say so now and start over, rather than wait for the stream to notice. */
    lost() {
      onConnected(false);
      connect();
    },
  };
}
