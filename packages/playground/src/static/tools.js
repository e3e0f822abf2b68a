import { h, setChildren } from './dom.js';
import { relativeTime } from './time.js';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

function duration(ms) {
  const minutes = Math.round(ms / 60_000);
  if (minutes === 0) return 'real time';
  const hours = Math.floor(minutes / 60);
  return `+${hours > 0 ? `${hours} h ` : ''}${minutes % 60} min ahead of real time`;
}

function jobLine(job, prefix, userName) {
  return h(
    'li',
    { class: 'queue-job', title: job.prompt },
    h('span', { class: 'queue-prefix' }, prefix),
    h('span', { class: 'queue-user' }, userName(job.userId, { username: job.userName })),
    ` ${job.kind}${job.count > 1 ? ` ×${job.count}` : ''}: `,
    h('span', { class: 'queue-prompt' }, job.prompt),
  );
}

/**
 * The tester's panel: the emulator clock (jump 15 minutes to expire interaction tokens), the local backend's fault
 * switch, the scheduler's queue, and the emulator's violation count. Actions go to `handlers`.
 */
export function createTools(root, handlers) {
  const clockNow = h('div', { class: 'tool-value', id: 'clock-now' });
  const clockOffset = h('div', { class: 'tool-note', id: 'clock-offset' });
  const backendNote = h('div', { class: 'tool-note' });
  const faultKind = h('select', { id: 'fault-kind', 'aria-label': 'Fault' });
  const faultTimes = h(
    'select',
    { id: 'fault-times', 'aria-label': 'For how many calls' },
    h('option', { value: '' }, 'every call until cleared'),
    h('option', { value: '1' }, 'the next call only'),
  );
  const faultApply = h('button', { type: 'button', class: 'button style-2', id: 'fault-apply' }, 'Apply');
  const faultState = h('div', { class: 'tool-value', id: 'fault-state', 'aria-live': 'polite' });
  const queueSummary = h('div', { class: 'tool-value', id: 'queue-summary' });
  const queueList = h('ol', { class: 'queue-list', id: 'queue-list' });
  const queuePaused = h('div', { class: 'tool-note warning' });
  const violations = h('div', { class: 'tool-value', id: 'violations' });
  const violationList = h('ul', { class: 'violation-list' });
  const toolError = h('div', { class: 'composer-error', role: 'alert' });
  let faultKinds = [];

  const act = async (promise) => {
    toolError.textContent = '';
    try {
      await promise;
    } catch (failure) {
      toolError.textContent = failure.message;
    }
  };

  faultApply.addEventListener('click', () =>
    act(handlers.onFault(faultKind.value, faultTimes.value === '' ? undefined : Number(faultTimes.value))),
  );

  setChildren(
    root,
    h(
      'section',
      { class: 'tool', 'aria-labelledby': 'tool-clock' },
      h('h3', { id: 'tool-clock' }, 'Clock'),
      clockNow,
      clockOffset,
      h(
        'button',
        {
          type: 'button',
          class: 'button style-1',
          id: 'clock-jump',
          onclick: () => act(handlers.onClockJump(FIFTEEN_MINUTES)),
        },
        '⏩ Jump 15 minutes',
      ),
      h('div', { class: 'tool-note' }, 'Bot and emulator share this clock: a jump expires interaction tokens.'),
    ),
    h(
      'section',
      { class: 'tool', 'aria-labelledby': 'tool-backend' },
      h('h3', { id: 'tool-backend' }, 'Image backend'),
      backendNote,
      h('label', { class: 'tool-field' }, 'Make calls fail with', faultKind),
      h('label', { class: 'tool-field' }, 'For', faultTimes),
      faultApply,
      faultState,
      h(
        'div',
        { class: 'tool-note', id: 'fault-timing' },
        'A fault hits image calls as they run, not jobs as you submit them: jobs already queued (during a 429 pause, say) take it first.',
      ),
      h('div', { class: 'tool-note' }, 'Or end one prompt with [fault:rate-limit] (any kind) to fail just that job.'),
    ),
    h(
      'section',
      { class: 'tool', 'aria-labelledby': 'tool-queue' },
      h('h3', { id: 'tool-queue' }, 'Queue'),
      queueSummary,
      queuePaused,
      queueList,
    ),
    h(
      'section',
      { class: 'tool', 'aria-labelledby': 'tool-emulator' },
      h('h3', { id: 'tool-emulator' }, 'Emulator'),
      violations,
      violationList,
      // Twemoji's graphics are CC-BY 4.0, which asks for this credit.
      h(
        'div',
        { class: 'tool-note' },
        'Emoji: Twemoji by Twitter and contributors (CC-BY 4.0), served by the playground.',
      ),
    ),
    toolError,
  );

  return {
    setClock(clock, now) {
      clockNow.textContent = new Date(now).toLocaleString();
      clockOffset.textContent = duration(clock.offsetMs);
    },
    setBackend(backend, faults) {
      backendNote.textContent =
        backend === 'stability'
          ? 'Stability AI (real pictures, real credits). The fault switch acts on the local renderer only.'
          : 'Local renderer: offline pictures, no key, no credits.';
      const kinds = JSON.stringify(faults.kinds);
      if (kinds !== JSON.stringify(faultKinds)) {
        faultKinds = faults.kinds;
        setChildren(faultKind, ...faults.kinds.map((k) => h('option', { value: k.kind }, k.label)));
      }
      for (const control of [faultKind, faultTimes, faultApply]) control.disabled = !faults.enabled;
      const label = faults.kinds.find((k) => k.kind === faults.state.kind)?.label ?? faults.state.kind;
      faultState.textContent =
        faults.state.kind === 'none'
          ? 'Calls succeed.'
          : `Active: ${label}${faults.state.remaining === undefined ? ', every call' : `, ${faults.state.remaining} more call(s)`}`;
      faultState.classList.toggle('warning', faults.state.kind !== 'none');
    },
    setQueue(queue, userName, now) {
      const done = ['succeeded', 'filtered', 'failed', 'cancelled'].reduce((sum, s) => sum + (queue.counts[s] ?? 0), 0);
      queueSummary.textContent = `${queue.counts.queued ?? 0} waiting · ${queue.counts.running ?? 0} running · ${done} finished`;
      queuePaused.textContent = queue.pausedUntil
        ? `Paused after a 429: resumes ${relativeTime(queue.pausedUntil, now)}.`
        : '';
      setChildren(
        queueList,
        ...queue.running.map((job) => jobLine(job, '▶', userName)),
        ...queue.waiting.map((job) => jobLine(job, `#${job.position ?? '?'}`, userName)),
      );
    },
    setViolations(view) {
      violations.textContent =
        view.count === 0
          ? 'No violations: the bot did nothing real Discord would reject.'
          : `${view.count} violation(s)`;
      violations.classList.toggle('warning', view.count > 0);
      setChildren(violationList, ...view.recent.map((line) => h('li', {}, line)));
    },
  };
}
