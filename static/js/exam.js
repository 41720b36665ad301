/* The candidate exam page, wired: keys, clicks, focus, the network coming back, and the start.
 * The rest lives in static/js/exam/ (see exam/state.js for the order and the rules).
 */
(function (E) {
  'use strict';

  const { SIGNAL_MS, LETTERS, $, state } = E;

  function onKey(event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === 'Escape' && state.dialogOpen) return E.closeFinishDialog();
    if ($('screen-question').hidden || state.dialogOpen || E.inputBlocked()) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      E.goTo(state.index + (event.key === 'ArrowLeft' ? -1 : 1));
      return;
    }
    const letter = (event.key || '').toUpperCase();
    if (letter.length === 1 && LETTERS.indexOf(letter) >= 0) {
      event.preventDefault();
      E.choose(LETTERS.indexOf(letter));
    }
  }

  function onIndexClick(event) {
    const target = event.target.closest('[data-index]');
    if (!target || E.inputBlocked()) return;
    E.closeFinishDialog();
    E.goTo(Number(target.getAttribute('data-index')));
  }

  function wire() {
    $('options').addEventListener('click', (event) => {
      const button = event.target.closest('.option');
      if (button) E.choose(Number(button.getAttribute('data-position')));
    });
    $('flag-toggle').addEventListener('click', () => {
      const item = E.currentItem();
      const now = E.effective(item.id);
      E.change(item.id, now.choice, !now.flagged);
    });
    $('clear-answer').addEventListener('click', () => {
      const item = E.currentItem();
      const now = E.effective(item.id);
      if (now.choice) E.change(item.id, null, now.flagged);
    });
    $('prev-button').addEventListener('click', () => !E.inputBlocked() && E.goTo(state.index - 1));
    $('next-button').addEventListener('click', () => !E.inputBlocked() && E.goTo(state.index + 1));
    $('grid').addEventListener('click', onIndexClick);
    $('finish-unanswered').addEventListener('click', onIndexClick);
    $('finish-flagged').addEventListener('click', onIndexClick);
    $('grid-toggle').addEventListener('click', () => {
      const open = $('grid-panel').classList.toggle('open');
      $('grid-toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    $('finish-button').addEventListener('click', E.openFinishDialog);
    $('finish-cancel').addEventListener('click', E.closeFinishDialog);
    $('finish-confirm').addEventListener('click', () => E.confirmFinish(false));
    $('finish-force').addEventListener('click', () => E.confirmFinish(true));
    $('start-button').addEventListener('click', E.startAttempt);
    $('transition-continue').addEventListener('click', () => E.showCurrent());
    $('logout-button').addEventListener('click', E.logout);
    $('message-retry').addEventListener('click', () => window.location.reload());
    $('time-warning-close').addEventListener('click', () => ($('time-warning').hidden = true));
    document.addEventListener('keydown', onKey);
    document.addEventListener('visibilitychange', () => E.countFocusLoss(document.hidden));
    window.addEventListener('blur', () => E.countFocusLoss(true));
    window.addEventListener('focus', () => E.countFocusLoss(false));
    window.addEventListener('online', () => {
      E.retryNow();
      E.heartbeatNow();
    });
    window.addEventListener('beforeunload', (event) => {
      if (!E.queueSize() || state.closed) return;
      event.preventDefault(); // pending answers stay in localStorage, but warn anyway
      event.returnValue = '';
    });
    setInterval(E.tick, 250);
    setInterval(E.pollSignal, SIGNAL_MS);
    window.ExamView.wire();
  }

  wire();
  E.showCurrent();
})(window.Exam);
