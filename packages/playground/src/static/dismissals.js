/** Where one user's dismissed ephemeral messages are kept in this browser (message ids are unique snowflakes). */
const key = (userId) => `imagine-playground.dismissed.${userId}`;

/** The ids of the messages this user dismissed with "Dismiss message", as a Set. */
export function loadDismissed(userId) {
  try {
    const ids = JSON.parse(localStorage.getItem(key(userId)) ?? '[]');
    return new Set(Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : []);
  } catch {
    // Storage refused (private mode, quota) or a damaged entry: nothing is dismissed rather than nothing works.
    return new Set();
  }
}

export function saveDismissed(userId, ids) {
  try {
    localStorage.setItem(key(userId), JSON.stringify([...ids]));
  } catch {
    // As above: dismissing still hides the message for this visit.
  }
}
