/** POSTs one page action as JSON; rejects with the server's reason (e.g. "option "prompt" is required"). */
export async function post(action, body) {
  const response = await fetch(`/playground/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(result.error ?? `${response.status} ${response.statusText}`);
  return result;
}
