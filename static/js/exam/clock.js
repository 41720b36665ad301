/* Exam page, time: the countdown, the heartbeat, a proctor's pause and time running out. The
 * server's clock is the only clock: the countdown is rebuilt from `remaining_seconds` on every
 * response, never counted down from a local start time.
 */
(function (E) {
  'use strict';

  const { HEARTBEAT_MS, POSITION_MS, WARN_AT, OVER, $, state, sleep } = E;

  function syncTimer(remaining) {
    if (typeof remaining !== 'number') return;
    if (state.paused) state.frozen = remaining;
    else state.deadline = performance.now() + remaining * 1000;
    tick();
  }

  function remainingNow() {
    if (state.paused) return state.frozen;
    return Math.max(0, Math.ceil((state.deadline - performance.now()) / 1000));
  }

  function tick() {
    if (!state.attempt || state.closed) return;
    const secs = remainingNow();
    const text = formatClock(secs);
    if ($('timer-value').textContent !== text) {
      $('timer-value').textContent = text;
      $('pause-remaining').textContent = text;
    }
    $('timer').classList.toggle('timer-low', secs <= 300);
    if (!state.paused) {
      checkWarnings(secs);
      if (secs <= 0) timeUp();
    }
  }

  function formatClock(secs) {
    const pad = (n) => String(n).padStart(2, '0');
    return pad(Math.floor(secs / 3600)) + ':' + pad(Math.floor(secs / 60) % 60) + ':' + pad(secs % 60);
  }

  // Warn once when the countdown crosses 10 and 5 minutes (not when a page opens below them).
  function checkWarnings(secs) {
    if (state.lastSecs !== null) {
      WARN_AT.forEach((limit) => {
        if (state.lastSecs > limit && secs <= limit) showWarning(limit / 60);
      });
    }
    state.lastSecs = secs;
  }

  function showWarning(minutes) {
    $('time-warning-text').textContent =
      'Sisa waktu ' + minutes + ' menit. Periksa kembali jawaban Anda.';
    $('time-warning').hidden = false;
    clearTimeout(state.warnTimer);
    state.warnTimer = setTimeout(() => ($('time-warning').hidden = true), 30000);
  }

  async function heartbeat() {
    const attempt = state.attempt;
    if (!attempt || state.closed) return null;
    const sent = state.focusLost;
    const payload = { focus_lost: sent };
    if (attempt.items && attempt.items.length) payload.current_item_id = E.currentItem().id;
    const r = await E.api('POST', '/attempts/' + attempt.id + '/heartbeat', payload);
    if (attempt !== state.attempt || state.closed) return r;
    if (r.ok) {
      state.focusLost = Math.max(0, state.focusLost - sent); // only what was acknowledged
      applyStatus(r.data.status, r.data.remaining_seconds);
      if (E.queueSize() && E.canSend()) E.retryNow(); // the way is open again: do not wait out a backoff
    }
    return r;
  }

  function scheduleHeartbeat(delay) {
    const wait = typeof delay === 'number' ? delay : HEARTBEAT_MS;
    clearTimeout(state.heartbeatTimer);
    state.heartbeatDue = performance.now() + wait;
    state.heartbeatTimer = setTimeout(async () => {
      await heartbeat();
      if (!state.closed && state.attempt) scheduleHeartbeat();
    }, wait);
  }

  function heartbeatNow() {
    scheduleHeartbeat(0);
  }

  // The question on screen changed: tell the server soon (another PC resumes there), but
  // by moving the next heartbeat earlier, not by sending more of them.
  function heartbeatSoon() {
    if (state.heartbeatDue - performance.now() > POSITION_MS) scheduleHeartbeat(POSITION_MS);
  }

  function applyStatus(status, remaining) {
    if (status === 'paused') setPaused(true, remaining);
    else if (status === 'in_progress') {
      if (state.paused) setPaused(false, remaining);
      else syncTimer(remaining);
    } else if (OVER.indexOf(status) >= 0) E.attemptOver(null, true);
  }

  function setPaused(paused, remaining) {
    const was = state.paused;
    if (paused && !was) state.frozen = remaining; // remainingNow() reads the live deadline
    state.paused = paused;
    if (!paused && was) state.lastSecs = null; // no stale warning right after a long pause
    syncTimer(remaining);
    $('pause-overlay').hidden = !paused;
    if (paused && !was) {
      E.closeFinishDialog();
      $('pause-overlay').focus();
    }
    if (!paused && was) E.pump();
  }

  function countFocusLoss(away) {
    if (!state.attempt || state.closed) return;
    if (away && !state.away) state.focusLost += 1; // blur and hidden together count once
    if (!away && state.away) heartbeatNow(); // resync: timers may have slept meanwhile
    state.away = away;
  }

  // Time ran out here: save what can be saved, then let the server's clock confirm it before
  // finishing (a proctor may have just granted extra time that we have not heard of yet).
  async function timeUp() {
    if (state.busy || state.ending) return;
    const attempt = state.attempt;
    state.busy = true;
    E.closeFinishDialog();
    E.showBusy('Waktu habis. Menyimpan jawaban terakhir…');
    await E.flushQueue(5000);
    for (let tries = 0; tries < 5 && attempt === state.attempt && !state.closed; tries++) {
      const r = await heartbeat();
      if (r && r.ok && r.data.status !== 'finished' && (r.data.remaining_seconds > 0 || state.paused)) {
        state.busy = false; // more time after all
        E.hideBusy();
        return;
      }
      if (state.ending) return; // the heartbeat said finished: attemptOver took over
      await sleep(1000);
    }
    if (attempt === state.attempt) E.attemptOver(null, false);
  }

  Object.assign(E, {
    applyStatus,
    countFocusLoss,
    heartbeatNow,
    heartbeatSoon,
    remainingNow,
    scheduleHeartbeat,
    setPaused,
    syncTimer,
    tick,
  });
})(window.Exam);
