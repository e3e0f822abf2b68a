import { h } from './dom.js';

/** Discord shows the count once a tenth of the limit (at least one character) is left. */
const nearLimit = (max) => Math.max(1, Math.ceil(max / 10));

/**
 * A character counter for a text control limited to `max` characters (the limit the bot registered). The control
 * takes longer text rather than cutting it silently; the counter turns negative and red, and `tooLong(control)`
 * tells the form to refuse it, as Discord's client does.
 */
export function charCounter(control, max) {
  const counter = h('span', {
    class: 'char-counter',
    'aria-live': 'polite',
    hidden: true,
    'data-testid': 'char-counter',
  });
  const update = () => {
    const left = max - control.value.length;
    counter.hidden = left > nearLimit(max);
    counter.textContent = String(left);
    counter.title = left < 0 ? `${-left} characters over the limit of ${max}` : `${left} of ${max} characters left`;
    counter.classList.toggle('over', left < 0);
    if (left < 0) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  };
  control.dataset.maxLength = String(max);
  control.addEventListener('input', update);
  update();
  return counter;
}

/** How far over its limit a control's text is (0 when within it or unlimited). */
export function overLimit(control) {
  const max = Number(control.dataset.maxLength);
  return Number.isFinite(max) && max > 0 ? Math.max(0, control.value.length - max) : 0;
}
