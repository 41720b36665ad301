/* Exam page, the control signal: a proctor's action (pause, extra time, void, a closed
 * session) shows within ~2 s through one cheap GET, and the real API only when it moved.
 */
(function (E) {
  'use strict';

  const { $, state } = E;

  function watch(attemptId) {
    if (state.watched !== attemptId) state.signal = undefined;
    state.watched = attemptId;
  }

  // One cheap GET (Redis only on the server); when the value moves, ask the real API. The
  // first value read for an attempt is checked too: a change may have come before it.
  async function pollSignal() {
    const id = state.watched;
    if (id === null || state.signalBusy || document.hidden) return;
    state.signalBusy = true;
    try {
      const r = await E.api('GET', '/attempts/' + id + '/signal');
      if (id !== state.watched || !r.ok || typeof r.data.signal !== 'number') return;
      const before = state.signal;
      state.signal = r.data.signal;
      if (before !== r.data.signal) await signalled(id);
    } finally {
      state.signalBusy = false;
    }
  }

  async function signalled(id) {
    if (state.attempt && state.attempt.id === id && !state.closed) return E.heartbeatNow();
    if ($('screen-instructions').hidden) return;
    const r = await E.api('GET', '/attempts/' + id);
    if (!r.ok || state.watched !== id) return;
    if (r.data.status === 'voided') return E.showTransition(r.data, null);
    if (r.data.status !== 'ready' || r.data.session_open === false) return E.showCurrent();
    $('instr-duration').textContent = E.durationText(r.data.remaining_seconds); // extra time
  }

  Object.assign(E, { pollSignal, watch });
})(window.Exam);
