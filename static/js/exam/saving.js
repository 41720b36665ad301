/* Exam page, saving: nothing is shown as saved until the server acknowledged it. Every change
 * goes into a queue kept in localStorage (with the seq counter, so both survive a reload) and
 * is re-sent, oldest first, until a 200 with a seq at least as high comes back.
 */
(function (E) {
  'use strict';

  const { state, sleep } = E;

  function storeKey(kind) {
    return 'asesmen.' + kind + '.' + state.attempt.id;
  }

  function readStore(kind, fallback) {
    try {
      const raw = window.localStorage.getItem(storeKey(kind));
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback; // storage disabled or corrupt: work from memory
    }
  }

  function writeStore(kind, value) {
    try {
      if (value === null) window.localStorage.removeItem(storeKey(kind));
      else window.localStorage.setItem(storeKey(kind), JSON.stringify(value));
    } catch (e) {
      /* full or disabled: the in-memory queue still gets sent */
    }
  }

  // Never reuse a seq: take the highest of memory, storage (another tab, an earlier load) and
  // the server's last_seq, and store the new value before the request goes out.
  function nextSeq() {
    state.seq = Math.max(state.seq, Number(readStore('seq', 0)) || 0) + 1;
    writeStore('seq', state.seq);
    return state.seq;
  }

  function persistQueue() {
    writeStore('queue', queueSize() ? state.queue : null);
  }

  function queueSize() {
    return Object.keys(state.queue).length;
  }

  function effective(itemId) {
    const pending = state.queue[itemId];
    if (pending) return { choice: pending.choice, flagged: pending.flagged, pending: true };
    return { choice: state.answers[itemId] || null, flagged: !!state.flagged[itemId], pending: false };
  }

  function change(itemId, choice, flagged) {
    if (E.inputBlocked()) return;
    state.queue[itemId] = { choice: choice, flagged: flagged, seq: nextSeq() };
    persistQueue();
    E.renderState();
    pump();
  }

  function oldestQueued() {
    let best = null;
    Object.keys(state.queue).forEach((id) => {
      if (best === null || state.queue[id].seq < state.queue[best].seq) best = id;
    });
    return best;
  }

  function canSend() {
    return !!state.attempt && !state.closed && !state.paused;
  }

  // Send queued changes one at a time, oldest first. Only one pump runs; while a retry is
  // scheduled, new changes wait for it (they are safe in the queue).
  async function pump() {
    if (state.pumping || state.retryTimer) return;
    state.pumping = true;
    try {
      let itemId;
      while (canSend() && (itemId = oldestQueued()) !== null) {
        const outcome = await sendOne(itemId);
        if (outcome === 'stop') break;
        if (outcome === 'retry') {
          scheduleRetry();
          break;
        }
        state.backoff = 0;
      }
    } finally {
      state.pumping = false;
    }
  }

  function scheduleRetry() {
    state.backoff = state.backoff ? Math.min(state.backoff * 2, Http.BACKOFF_MAX_MS) : 1000;
    state.retryTimer = setTimeout(() => {
      state.retryTimer = null;
      pump();
    }, state.backoff);
  }

  function retryNow() {
    if (state.retryTimer) clearTimeout(state.retryTimer);
    state.retryTimer = null;
    pump();
  }

  async function sendOne(itemId) {
    const attempt = state.attempt;
    const entry = state.queue[itemId];
    const path = '/attempts/' + attempt.id + '/answers/' + encodeURIComponent(itemId);
    const r = await E.api('PUT', path, { choice: entry.choice, seq: entry.seq, flagged: entry.flagged });
    if (attempt !== state.attempt || state.closed) return 'stop';
    if (r.ok) return acknowledge(itemId, entry, r.data);
    if (Http.transient(r)) return 'retry';
    switch (r.code) {
      case 'attempt_paused': // keep it queued; the heartbeat says when to carry on
        E.setPaused(true, E.remainingNow());
        E.heartbeatNow();
        return 'stop';
      case 'deadline_passed':
        E.attemptOver(null, false);
        return 'stop';
      case 'not_in_progress':
        E.reloadAttempt();
        return 'stop';
      case 'item_not_in_attempt':
      case 'invalid_choice':
        console.error('save refused, change dropped', itemId, entry, r.data);
        dropChange(itemId, entry.seq);
        return 'next';
    }
    if (r.status === 401) return 'stop';
    console.error('save failed, will retry', itemId, r.status, r.data);
    return 'retry';
  }

  function acknowledge(itemId, entry, data) {
    const ackSeq = Number(data.seq);
    state.seq = Math.max(state.seq, ackSeq);
    E.syncTimer(data.remaining_seconds);
    if (!(ackSeq >= entry.seq)) return 'retry'; // not our change: keep it and send again
    state.answers[itemId] = data.choice === undefined ? entry.choice : data.choice;
    // flagged is not echoed; it is ours only when the stored seq is ours.
    if (ackSeq === entry.seq) state.flagged[itemId] = !!entry.flagged;
    state.saved[itemId] = true;
    dropChange(itemId, ackSeq);
    return 'next';
  }

  // Remove a queued change unless a newer one (made while the request was out) replaced it.
  function dropChange(itemId, seq) {
    const current = state.queue[itemId];
    if (current && current.seq <= seq) {
      delete state.queue[itemId];
      persistQueue();
    }
    E.renderState();
  }

  // Wait (bounded) until every queued change is acknowledged; true when the queue is empty.
  async function flushQueue(maxMs) {
    const until = performance.now() + maxMs;
    retryNow();
    const moving = () => state.pumping || state.retryTimer; // else the server refused for good
    while (queueSize() && canSend() && moving() && performance.now() < until) await sleep(200);
    return queueSize() === 0;
  }

  // Re-apply changes this computer made but the server has not acknowledged (a reload, a
  // crash, a 401); they show as pending and are sent again.
  function restoreQueue(a) {
    const stored = readStore('queue', {}) || {};
    const known = {};
    a.items.forEach((item) => (known[item.id] = true));
    const queue = {};
    Object.keys(stored).forEach((id) => {
      if (known[id] && typeof stored[id].seq === 'number') queue[id] = stored[id];
    });
    return queue;
  }

  Object.assign(E, {
    canSend,
    change,
    effective,
    flushQueue,
    pump,
    queueSize,
    readStore,
    restoreQueue,
    retryNow,
    writeStore,
  });
})(window.Exam);
