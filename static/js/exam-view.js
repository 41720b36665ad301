/* What the exam page shows around a question: text size, the wall clock, the answered count,
 * and the cue that options continue below. No state about answers lives here; exam.js calls
 * these with what it knows. Plain ES2017, no modules (old exam-room browsers run it as is).
 */
(function () {
  'use strict';

  const SIZES = [0.85, 1, 1.15, 1.3, 1.5]; // question text scale; 1 is the default
  const SIZE_KEY = 'asesmen.textsize'; // per device, not per candidate or attempt
  const $ = (id) => document.getElementById(id);
  let clockOffset = 0; // server time minus this computer's time, in ms

  function readSize() {
    try {
      const stored = Number(window.localStorage.getItem(SIZE_KEY));
      return SIZES.indexOf(stored) >= 0 ? stored : 1;
    } catch (e) {
      return 1;
    }
  }

  function applySize(size) {
    document.documentElement.style.setProperty('--q-scale', String(size));
    $('text-smaller').disabled = size === SIZES[0];
    $('text-larger').disabled = size === SIZES[SIZES.length - 1];
    try {
      window.localStorage.setItem(SIZE_KEY, String(size));
    } catch (e) {
      /* storage disabled: the size holds until the page reloads */
    }
  }

  function stepSize(step, onChange) {
    const index = SIZES.indexOf(readSize()) + step;
    if (index < 0 || index >= SIZES.length) return;
    applySize(SIZES[index]);
    if (onChange) onChange();
  }

  // The wall clock shows the server's time in the app's zone (TIMEZONE), not the PC's.
  function clockText() {
    const element = $('wallclock');
    const zone = element.getAttribute('data-timezone');
    const moment = new Date(Date.now() + clockOffset);
    try {
      return new Intl.DateTimeFormat('en-GB', {
        timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      }).format(moment);
    } catch (e) {
      return moment.toTimeString().slice(0, 5); // no Intl zone data: the PC's own zone
    }
  }

  function tickClock() {
    const text = clockText();
    if ($('wallclock-value').textContent !== text) $('wallclock-value').textContent = text;
  }

  // An ISO server_time from a response; the request's travel time is small against a minute.
  function syncClock(serverTime) {
    const parsed = Date.parse(serverTime || '');
    if (!isNaN(parsed)) clockOffset = parsed - Date.now();
    tickClock();
  }

  function showProgress(answered, total) {
    $('progress-text').textContent = 'Terjawab ' + answered + ' dari ' + total;
    const bar = $('progress-bar');
    bar.setAttribute('aria-valuemax', String(total));
    bar.setAttribute('aria-valuenow', String(answered));
    $('progress-fill').style.width = (total ? (100 * answered) / total : 0) + '%';
  }

  // The lowest edge at which an option can be read: the window's, or the top of the
  // navigation bar when it sits over (phone) or below (desktop) the scrolling question.
  function visibleBottom() {
    const nav = $('q-nav').getBoundingClientRect();
    const scroll = $('q-scroll').getBoundingClientRect();
    return Math.min(window.innerHeight, nav.top, scroll.bottom);
  }

  function lastOptionHidden() {
    const options = $('options');
    const last = options.lastElementChild;
    if (!last || $('screen-question').hidden) return false;
    return last.getBoundingClientRect().bottom > visibleBottom() + 1;
  }

  function updateMoreHint() {
    const hidden = lastOptionHidden();
    if ($('more-hint').hidden === hidden) $('more-hint').hidden = !hidden;
  }

  // Bring the first option that is not fully visible into view.
  function revealMore() {
    const bottom = visibleBottom();
    const next = Array.prototype.find.call(
      $('options').children, (option) => option.getBoundingClientRect().bottom > bottom + 1);
    if (next) next.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  function wire() {
    applySize(readSize());
    $('text-smaller').addEventListener('click', () => stepSize(-1, updateMoreHint));
    $('text-larger').addEventListener('click', () => stepSize(1, updateMoreHint));
    $('more-hint').addEventListener('click', revealMore);
    $('q-scroll').addEventListener('scroll', updateMoreHint, { passive: true });
    window.addEventListener('scroll', updateMoreHint, { passive: true });
    window.addEventListener('resize', updateMoreHint);
    tickClock();
    setInterval(tickClock, 1000);
  }

  window.ExamView = {
    wire: wire,
    syncClock: syncClock,
    showProgress: showProgress,
    updateMoreHint: updateMoreHint,
  };
})();
