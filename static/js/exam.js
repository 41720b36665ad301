/* The candidate exam page: instructions, one question at a time, saving, timer, finish.
 *
 * Rules this file lives by (see CONTRACT §4):
 * - Nothing is shown as saved until the server acknowledged it. Every change goes into a queue
 *   kept in localStorage and is re-sent until a 200 with a seq at least as high comes back.
 * - The server's clock is the only clock: the countdown is rebuilt from `remaining_seconds` on
 *   every response, never counted down from a local start time.
 * Plain ES2017, no modules, no build step: old exam-room browsers run it as is.
 */
(function () {
  'use strict';

  const body = document.body;
  const API = body.getAttribute('data-api');
  const LOGIN_URL = body.getAttribute('data-login-url');
  const HEARTBEAT_MS = 10000;
  const POSITION_MS = 2000; // after moving to another question, report it this soon
  const SIGNAL_MS = 2000; // how often the page asks whether a proctor changed something
  const REQUEST_TIMEOUT_MS = 15000;
  const WARN_AT = [600, 300]; // seconds left at which a notice appears
  const LETTERS = 'ABCDEF';
  const OVER = ['finished', 'voided'];
  const $ = (id) => document.getElementById(id);

  const state = {
    csrf: document.querySelector('meta[name="csrf-token"]').getAttribute('content'),
    attempts: [], // [{id, test_code, title, status}] from /candidate/me, in the candidate's order
    results: {}, // attempt id -> {answered, total, receipt} from a finish response
    attempt: null, // the attempt object being sat
    index: 0, // position of the question on screen
    answers: {}, // item id -> key or null, as acknowledged by the server
    flagged: {}, // item id -> true, as acknowledged by the server
    saved: {}, // item id -> true once a save was acknowledged on this page
    queue: {}, // item id -> {choice, flagged, seq}: the latest change not yet acknowledged
    seq: 0,
    deadline: 0, // performance.now() at which time runs out
    frozen: 0, // remaining seconds while paused (the server's clock stops too)
    paused: false,
    ending: false, // attemptOver() is under way (it must run once per attempt)
    closed: false, // this attempt is over here: no more saves or heartbeats
    busy: false, // finishing or time-up under way: input blocked
    dialogOpen: false,
    offline: false,
    focusLost: 0, // focus losses not yet acknowledged by a heartbeat
    away: false,
    backoff: 0,
    retryTimer: null,
    pumping: false,
    heartbeatTimer: null,
    heartbeatDue: 0, // performance.now() at which the scheduled heartbeat goes out
    watched: null, // attempt id whose control signal is polled
    signal: undefined, // its last known value (undefined: not read yet)
    signalBusy: false,
    lastSecs: null,
    warnTimer: null,
  };

  const sleep = Http.sleep;

  /* ---------- talking to the API ---------- */

  // One request; never throws. 401 sends the candidate to the login page (the localStorage
  // queue stays, so answers are re-sent after logging in again); a stale CSRF token is
  // refreshed once and the request repeated.
  async function api(method, path, payload, retried) {
    const result = await Http.request(method, API + path, payload, state.csrf, REQUEST_TIMEOUT_MS);
    setOffline(result.network); // a gateway error too: the app itself cannot be reached
    if (result.status === 401) goLogin();
    if (result.status === 403 && result.code === 'csrf_failed' && !retried && (await refreshMe())) {
      return api(method, path, payload, true);
    }
    return result;
  }

  // Repeat a request that failed for transient reasons (network, overload) with backoff.
  function apiPatiently(method, path, payload, onWait) {
    return Http.patiently(() => api(method, path, payload), onWait);
  }

  async function refreshMe() {
    const r = await api('GET', '/candidate/me', null, true);
    if (r.ok) {
      state.csrf = r.data.csrf_token;
      state.attempts = r.data.attempts || [];
    }
    return r.ok;
  }

  function goLogin() {
    state.closed = true;
    window.location.href = LOGIN_URL;
  }

  function setOffline(offline) {
    state.offline = offline;
    $('offline-banner').hidden = !offline;
  }

  /* ---------- localStorage: the queue and the seq counter survive a reload ---------- */

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

  /* ---------- the save queue ---------- */

  function effective(itemId) {
    const pending = state.queue[itemId];
    if (pending) return { choice: pending.choice, flagged: pending.flagged, pending: true };
    return { choice: state.answers[itemId] || null, flagged: !!state.flagged[itemId], pending: false };
  }

  function change(itemId, choice, flagged) {
    if (inputBlocked()) return;
    state.queue[itemId] = { choice: choice, flagged: flagged, seq: nextSeq() };
    persistQueue();
    renderState();
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
    const r = await api('PUT', path, { choice: entry.choice, seq: entry.seq, flagged: entry.flagged });
    if (attempt !== state.attempt || state.closed) return 'stop';
    if (r.ok) return acknowledge(itemId, entry, r.data);
    if (Http.transient(r)) return 'retry';
    switch (r.code) {
      case 'attempt_paused': // keep it queued; the heartbeat says when to carry on
        setPaused(true, remainingNow());
        heartbeatNow();
        return 'stop';
      case 'deadline_passed':
        attemptOver(null, false);
        return 'stop';
      case 'not_in_progress':
        reloadAttempt();
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
    syncTimer(data.remaining_seconds);
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
    renderState();
  }

  // Wait (bounded) until every queued change is acknowledged; true when the queue is empty.
  async function flushQueue(maxMs) {
    const until = performance.now() + maxMs;
    retryNow();
    const moving = () => state.pumping || state.retryTimer; // else the server refused for good
    while (queueSize() && canSend() && moving() && performance.now() < until) await sleep(200);
    return queueSize() === 0;
  }

  /* ---------- timer, heartbeat, pause ---------- */

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
    if (attempt.items && attempt.items.length) payload.current_item_id = currentItem().id;
    const r = await api('POST', '/attempts/' + attempt.id + '/heartbeat', payload);
    if (attempt !== state.attempt || state.closed) return r;
    if (r.ok) {
      state.focusLost = Math.max(0, state.focusLost - sent); // only what was acknowledged
      applyStatus(r.data.status, r.data.remaining_seconds);
      if (queueSize() && canSend()) retryNow(); // the way is open again: do not wait out a backoff
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

  /* ---------- the control signal: a proctor's action shows within ~2 s ---------- */

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
      const r = await api('GET', '/attempts/' + id + '/signal');
      if (id !== state.watched || !r.ok || typeof r.data.signal !== 'number') return;
      const before = state.signal;
      state.signal = r.data.signal;
      if (before !== r.data.signal) await signalled(id);
    } finally {
      state.signalBusy = false;
    }
  }

  async function signalled(id) {
    if (state.attempt && state.attempt.id === id && !state.closed) return heartbeatNow();
    if ($('screen-instructions').hidden) return;
    const r = await api('GET', '/attempts/' + id);
    if (!r.ok || state.watched !== id) return;
    if (r.data.status === 'voided') return showTransition(r.data, null);
    if (r.data.status !== 'ready' || r.data.session_open === false) return showCurrent();
    $('instr-duration').textContent = durationText(r.data.remaining_seconds); // extra time
  }

  function applyStatus(status, remaining) {
    if (status === 'paused') setPaused(true, remaining);
    else if (status === 'in_progress') {
      if (state.paused) setPaused(false, remaining);
      else syncTimer(remaining);
    } else if (OVER.indexOf(status) >= 0) attemptOver(null, true);
  }

  function setPaused(paused, remaining) {
    const was = state.paused;
    if (paused && !was) state.frozen = remaining; // remainingNow() reads the live deadline
    state.paused = paused;
    if (!paused && was) state.lastSecs = null; // no stale warning right after a long pause
    syncTimer(remaining);
    $('pause-overlay').hidden = !paused;
    if (paused && !was) {
      closeFinishDialog();
      $('pause-overlay').focus();
    }
    if (!paused && was) pump();
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
    closeFinishDialog();
    showBusy('Waktu habis. Menyimpan jawaban terakhir…');
    await flushQueue(5000);
    for (let tries = 0; tries < 5 && attempt === state.attempt && !state.closed; tries++) {
      const r = await heartbeat();
      if (r && r.ok && r.data.status !== 'finished' && (r.data.remaining_seconds > 0 || state.paused)) {
        state.busy = false; // more time after all
        hideBusy();
        return;
      }
      if (state.ending) return; // the heartbeat said finished: attemptOver took over
      await sleep(1000);
    }
    if (attempt === state.attempt) attemptOver(null, false);
  }

  /* ---------- moving between attempts ---------- */

  // The attempt is over (finished here, by time, by a proctor, or in another window).
  // `result` is a finish response when we have one; otherwise ask for it (finish is idempotent).
  async function attemptOver(result, flushFirst) {
    const attempt = state.attempt;
    if (!attempt || state.ending) return;
    state.ending = true;
    if (flushFirst) await flushQueue(3000);
    if (attempt !== state.attempt) return;
    state.closed = true;
    clearTimeout(state.heartbeatTimer);
    clearTimeout(state.retryTimer);
    state.retryTimer = null;
    closeFinishDialog();
    $('pause-overlay').hidden = true;
    state.paused = false;
    if (queueSize()) console.warn('not saved before the attempt ended', state.queue);
    state.queue = {};
    writeStore('queue', null);
    writeStore('seq', null);
    writeStore('pos', null);
    if (!result) {
      showBusy('Menutup tes…');
      const r = await apiPatiently('POST', '/attempts/' + attempt.id + '/finish', {});
      result = r.ok ? r.data : null;
    }
    if (result && typeof result.total === 'number') state.results[attempt.id] = result;
    state.attempt = null;
    const r = await apiPatiently('GET', '/attempts/' + attempt.id);
    if (!r.ok) return showCurrent();
    await showTransition(r.data, result);
  }

  const ENDINGS = {
    candidate: ['Tes selesai', 'Anda telah menyelesaikan tes ini.'],
    deadline: ['Waktu habis', 'Waktu pengerjaan tes ini sudah habis; tes ditutup otomatis. ' +
      'Jawaban yang tersimpan sebelum waktu habis tetap dinilai.'],
    proctor: ['Tes diselesaikan oleh pengawas', 'Pengawas mengakhiri tes ini. ' +
      'Jawaban yang sudah tersimpan tetap dinilai.'],
    session_closed: ['Sesi ujian ditutup', 'Panitia menutup sesi ujian, sehingga tes ini ' +
      'diakhiri. Jawaban yang sudah tersimpan tetap dinilai.'],
    voided: ['Tes dibatalkan oleh pengawas', 'Tes ini dibatalkan dan tidak dinilai. ' +
      'Tetap di tempat duduk Anda dan hubungi pengawas ruangan: pengawas akan menjelaskan ' +
      'alasannya dan langkah selanjutnya.'],
  };

  // Say what just happened to a test (and how many were answered) before anything else.
  async function showTransition(a, result) {
    hideBusy();
    const kind = a.status === 'voided' ? 'voided' : a.end_reason;
    const ending = ENDINGS[kind] || ENDINGS.candidate;
    $('transition-title').textContent = ending[0];
    $('transition-test').textContent = a.title;
    $('transition-lead').textContent = ending[1];
    $('transition-count').textContent = kind === 'voided' ? '' : countLine(a, result) +
      ' Jawaban Anda telah tersimpan.';
    const receipt = (result && result.receipt) || a.receipt;
    $('transition-receipt').hidden = !receipt;
    $('transition-receipt-code').textContent = receipt || '';
    await refreshMe();
    const next = state.attempts.find((x) => OVER.indexOf(x.status) < 0 && x.id !== a.id);
    const goesOn = next && a.session_open !== false;
    $('transition-next').textContent = goesOn ? 'Tes berikutnya: ' + next.title + '.' : '';
    $('transition-continue').textContent = goesOn ? 'Lanjut ke tes berikutnya' : 'Lanjutkan';
    $('test-title').textContent = '';
    showScreen('transition');
    $('transition-title').focus();
  }

  function countLine(a, result) {
    let counts = result && typeof result.total === 'number' ? result : null;
    if (!counts) {
      const answers = a.answers || {};
      const items = a.items || [];
      counts = { answered: items.filter((it) => answers[it.id]).length, total: items.length };
    }
    return 'Terjawab ' + counts.answered + ' dari ' + counts.total + ' soal.';
  }

  async function reloadAttempt() {
    const attempt = state.attempt;
    const r = await apiPatiently('GET', '/attempts/' + attempt.id);
    if (attempt !== state.attempt || state.closed || !r.ok) return;
    const a = r.data;
    if (OVER.indexOf(a.status) >= 0 || a.status === 'ready') return attemptOver(null, false);
    state.answers = Object.assign({}, a.answers);
    state.flagged = toSet(a.flagged);
    applyStatus(a.status, a.remaining_seconds);
    renderState();
    pump();
  }

  // Show whatever comes next for this candidate: a running attempt, the next test's
  // instructions, or the closing page.
  async function showCurrent(depth) {
    hideBusy();
    showScreen('loading');
    const onWait = () => ($('loading-text').textContent = 'Menghubungi server… mohon tunggu.');
    const me = await apiPatiently('GET', '/candidate/me', null, onWait);
    if (!me.ok) return showMessage(errorText(me));
    state.csrf = me.data.csrf_token;
    state.attempts = me.data.attempts || [];
    const next = state.attempts.find((a) => OVER.indexOf(a.status) < 0);
    if (!next) return showClosing(false);
    const r = await apiPatiently('GET', '/attempts/' + next.id, null, onWait);
    if (!r.ok) return showMessage(errorText(r));
    window.ExamView.syncClock(r.data.server_time);
    // A closed session offers no "Mulai": what was sat is listed, and the way out.
    if (r.data.status === 'ready' && r.data.session_open === false) return showClosing(true);
    if (r.data.status === 'ready') return showInstructions(r.data);
    if (OVER.indexOf(r.data.status) >= 0) {
      // it ended between the two calls (another window, the deadline): look again
      if ((depth || 0) < 3) return showCurrent((depth || 0) + 1);
      return showMessage('Status tes berubah. Muat ulang halaman.');
    }
    if (!r.data.items || !r.data.items.length) return showMessage('Soal tidak dapat dimuat. Hubungi pengawas.');
    enterAttempt(r.data);
  }

  function enterAttempt(a) {
    state.attempt = a;
    Object.assign(state, { ending: false, closed: false, busy: false, paused: false });
    Object.assign(state, { lastSecs: null, saved: {}, dialogOpen: false });
    state.answers = Object.assign({}, a.answers);
    state.flagged = toSet(a.flagged);
    state.queue = restoreQueue(a);
    state.seq = Math.max(Number(a.last_seq) || 0, Number(readStore('seq', 0)) || 0);
    Object.keys(state.queue).forEach((id) => (state.seq = Math.max(state.seq, state.queue[id].seq)));
    state.index = startIndex(a);
    $('test-title').textContent = a.title;
    $('timer').hidden = false;
    buildGrid();
    showScreen('question');
    syncTimer(a.remaining_seconds);
    if (a.status === 'paused') setPaused(true, a.remaining_seconds);
    renderQuestion();
    scheduleHeartbeat();
    watch(a.id);
    pump();
  }

  // Where to open: this PC's last position, else the one the server kept (another PC's).
  function startIndex(a) {
    const stored = readStore('pos', null);
    if (stored !== null && Number(stored) >= 0 && Number(stored) < a.items.length) return Number(stored);
    const index = a.items.findIndex((item) => item.id === a.current_item_id);
    return index >= 0 ? index : 0;
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

  function toSet(list) {
    const set = {};
    (list || []).forEach((id) => (set[id] = true));
    return set;
  }

  function errorText(r) {
    if (r.data && r.data.error) return r.data.error.message;
    return 'Terjadi kesalahan (' + r.status + '). Hubungi pengawas.';
  }

  /* ---------- screens ---------- */

  function showScreen(name) {
    ['loading', 'instructions', 'question', 'transition', 'closing', 'message'].forEach((s) => {
      $('screen-' + s).hidden = s !== name;
    });
    // On a desktop screen the question view fills the window exactly: no page scroll.
    body.classList.toggle('shell', name === 'question');
    if (name !== 'question' && name !== 'instructions') watch(null);
    if (name !== 'question') {
      $('timer').hidden = true;
      $('time-warning').hidden = true;
    }
    window.scrollTo(0, 0);
  }

  function showMessage(text) {
    $('message-text').textContent = text;
    showScreen('message');
  }

  function showInstructions(a) {
    const position = state.attempts.findIndex((x) => x.id === a.id) + 1;
    $('instr-position').textContent =
      state.attempts.length > 1 ? 'Tes ' + position + ' dari ' + state.attempts.length : '';
    $('instr-title').textContent = a.title;
    $('test-title').textContent = a.title;
    $('instr-duration').textContent = durationText(a.remaining_seconds);
    $('start-error').hidden = true;
    $('start-button').disabled = false;
    $('start-button').textContent = 'Mulai';
    $('start-button').setAttribute('data-attempt', a.id);
    showScreen('instructions');
    // No focus() on Mulai: it would scroll past the instructions.
    watch(a.id); // a proctor may void it, extend it or close the session meanwhile
  }

  function durationText(secs) {
    return 'Waktu pengerjaan: ' + formatDuration(secs) + '.';
  }

  function formatDuration(secs) {
    const minutes = Math.floor(secs / 60);
    const rest = secs % 60;
    const parts = [];
    if (minutes) parts.push(minutes + ' menit');
    if (rest || !minutes) parts.push(rest + ' detik');
    return parts.join(' ');
  }

  async function startAttempt() {
    const button = $('start-button');
    const id = button.getAttribute('data-attempt');
    button.disabled = true;
    button.textContent = 'Memulai…';
    // Everyone presses Mulai at once: start is idempotent, so retrying is safe.
    const r = await apiPatiently('POST', '/attempts/' + id + '/start', {}, () => {
      button.textContent = 'Menghubungi server…';
    });
    if (r.ok && OVER.indexOf(r.data.status) < 0) return enterAttempt(r.data);
    if (r.status === 401) return;
    $('start-error').textContent = errorText(r);
    $('start-error').hidden = false;
    button.disabled = false;
    button.textContent = 'Mulai';
  }

  async function showClosing(sessionClosed) {
    showScreen('closing');
    $('closing-session').hidden = !sessionClosed;
    $('closing-done').hidden = !!sessionClosed;
    $('closing-ended').hidden = !sessionClosed;
    $('logout-error').hidden = true;
    $('test-title').textContent = '';
    const list = $('closing-list');
    list.textContent = '';
    let receipts = 0;
    for (const a of state.attempts) {
      const li = document.createElement('li');
      const title = document.createElement('strong');
      title.textContent = a.title;
      li.appendChild(title);
      const line = await closingLine(a);
      li.appendChild(document.createTextNode(': ' + line.text));
      if (line.receipt) {
        receipts += 1;
        const code = document.createElement('strong');
        code.className = 'receipt-code';
        code.setAttribute('data-testid', 'receipt-code');
        code.textContent = line.receipt;
        li.appendChild(document.createTextNode(' Kode tanda terima: '));
        li.appendChild(code);
      }
      list.appendChild(li);
    }
    $('closing-receipt-note').hidden = receipts === 0;
  }

  // "Terjawab X dari Y soal" and the answer receipt of a finished test, never a score.
  async function closingLine(a) {
    if (a.status === 'voided') return { text: 'dibatalkan oleh pengawas (tidak dinilai).' };
    if (a.status === 'ready') return { text: 'tidak dikerjakan.' };
    const known = state.results[a.id];
    if (known && known.receipt) return { text: countLine(a, known), receipt: known.receipt };
    const r = await api('GET', '/attempts/' + a.id);
    if (!r.ok) return { text: known ? countLine(a, known) : 'selesai.' };
    return { text: countLine(r.data, known), receipt: r.data.receipt };
  }

  // Keluar: end this candidate's session so that the next candidate finds the login form.
  async function logout() {
    $('logout-button').disabled = true;
    const r = await api('POST', '/candidate/logout', {});
    if (r.ok || r.status === 401) {
      state.closed = true;
      window.location.replace(LOGIN_URL + '?keluar=1');
      return;
    }
    $('logout-button').disabled = false;
    $('logout-error').textContent = r.network
      ? 'Gagal menghubungi server. Coba lagi.' : errorText(r);
    $('logout-error').hidden = false;
  }

  function showBusy(text) {
    $('busy-text').textContent = text;
    $('busy-overlay').hidden = false;
    $('busy-overlay').focus();
  }

  function hideBusy() {
    $('busy-overlay').hidden = true;
  }

  /* ---------- the question view ---------- */

  function inputBlocked() {
    return !state.attempt || state.closed || state.paused || state.busy;
  }

  function currentItem() {
    return state.attempt.items[state.index];
  }

  function goTo(index) {
    const items = state.attempt.items;
    if (index < 0 || index >= items.length || index === state.index) return;
    state.index = index;
    writeStore('pos', index);
    renderQuestion();
    $('grid-panel').classList.remove('open'); // on a phone the grid folds away again
    $('grid-toggle').setAttribute('aria-expanded', 'false');
    window.scrollTo(0, 0);
    heartbeatSoon();
  }

  function choose(position) {
    const item = currentItem();
    const option = item.options[position];
    if (!option || inputBlocked()) return;
    const now = effective(item.id);
    if (now.choice === option.key) return; // no change, nothing to send
    change(item.id, option.key, now.flagged);
  }

  function renderQuestion() {
    const item = currentItem();
    $('question-number').textContent = 'Soal ' + (state.index + 1) + ' dari ' + state.attempt.items.length;
    $('question-stem').textContent = item.stem; // CSS keeps the line breaks
    const box = $('options');
    box.textContent = '';
    item.options.forEach((option, position) => {
      const letter = LETTERS.charAt(position);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'option';
      button.setAttribute('role', 'radio');
      button.setAttribute('data-testid', 'option-' + letter);
      button.setAttribute('data-key', option.key); // the stable key; the label is positional
      button.setAttribute('data-position', String(position));
      const label = document.createElement('span');
      label.className = 'option-letter';
      label.textContent = letter;
      const text = document.createElement('span');
      text.className = 'option-text';
      text.textContent = option.text;
      button.appendChild(label);
      button.appendChild(text);
      box.appendChild(button);
    });
    $('q-scroll').scrollTop = 0;
    renderState();
    window.ExamView.updateMoreHint();
  }

  // Update everything that depends on answers, flags and the queue (cheap; called often).
  function renderState() {
    if (!state.attempt || !state.attempt.items.length) return;
    const item = currentItem();
    const now = effective(item.id);
    Array.prototype.forEach.call($('options').children, (button) => {
      const selected = button.getAttribute('data-key') === now.choice;
      button.setAttribute('aria-checked', selected ? 'true' : 'false');
      button.classList.toggle('selected', selected);
    });
    $('flag-toggle').setAttribute('aria-pressed', now.flagged ? 'true' : 'false');
    $('flag-badge').hidden = !now.flagged;
    $('clear-answer').disabled = !now.choice;
    $('prev-button').disabled = state.index === 0;
    $('next-button').disabled = state.index === state.attempt.items.length - 1;
    $('save-status').textContent = saveStatus(item.id, now);
    $('save-status').className = 'save-status' + (now.pending ? ' pending' : ' saved');
    renderGrid();
    renderProgress();
    if (state.dialogOpen) renderFinishPending();
  }

  // Counts what the server acknowledged, so it moves after each acknowledged save.
  function renderProgress() {
    const items = state.attempt.items;
    const answered = items.filter((item) => state.answers[item.id]).length;
    window.ExamView.showProgress(answered, items.length);
  }

  function saveStatus(itemId, now) {
    if (now.pending) return 'Menyimpan…';
    if (now.choice || now.flagged || state.saved[itemId]) return 'Tersimpan';
    return '';
  }

  function buildGrid() {
    const grid = $('grid');
    grid.textContent = '';
    // Five columns up to 50 items (9-10 rows fit beside the question), wider beyond.
    const columns = Math.max(5, Math.ceil(state.attempt.items.length / 10));
    grid.style.setProperty('--grid-columns', String(columns));
    state.attempt.items.forEach((item, index) => {
      const cell = document.createElement('button');
      cell.type = 'button';
      cell.className = 'grid-item';
      cell.textContent = String(index + 1);
      cell.setAttribute('data-testid', 'grid-item-' + (index + 1));
      cell.setAttribute('data-index', String(index));
      grid.appendChild(cell);
    });
  }

  function renderGrid() {
    Array.prototype.forEach.call($('grid').children, (cell, index) => {
      const now = effective(state.attempt.items[index].id);
      const words = ['Soal ' + (index + 1), now.choice ? 'sudah dijawab' : 'belum dijawab'];
      if (now.flagged) words.push('ragu-ragu');
      if (now.pending) words.push('sedang dikirim');
      cell.setAttribute('data-state', now.choice ? 'answered' : 'unanswered');
      cell.setAttribute('data-flagged', now.flagged ? 'true' : 'false');
      cell.setAttribute('data-pending', now.pending ? 'true' : 'false');
      cell.setAttribute('aria-label', words.join(', '));
      if (index === state.index) cell.setAttribute('aria-current', 'true');
      else cell.removeAttribute('aria-current');
    });
  }

  /* ---------- finishing ---------- */

  function openFinishDialog() {
    if (inputBlocked()) return;
    const items = state.attempt.items;
    const unanswered = [];
    const flagged = [];
    items.forEach((item, index) => {
      const now = effective(item.id);
      if (!now.choice) unanswered.push(index);
      if (now.flagged) flagged.push(index);
    });
    fillNumberList($('finish-unanswered'), 'Belum dijawab', unanswered,
      'Semua soal sudah dijawab.');
    fillNumberList($('finish-flagged'), 'Ragu-ragu', flagged, '');
    $('finish-error').hidden = true;
    state.dialogOpen = true;
    renderFinishPending();
    $('finish-dialog').hidden = false;
    $('finish-cancel').focus();
  }

  function fillNumberList(box, heading, indexes, emptyText) {
    box.textContent = '';
    if (!indexes.length) {
      if (emptyText) box.appendChild(paragraph(emptyText));
      return;
    }
    box.appendChild(paragraph(heading + ' (' + indexes.length + ' soal):'));
    const list = document.createElement('div');
    list.className = 'number-list';
    indexes.forEach((index) => {
      const link = document.createElement('button');
      link.type = 'button';
      link.className = 'number-link';
      link.textContent = String(index + 1);
      link.setAttribute('aria-label', 'Buka soal ' + (index + 1));
      link.setAttribute('data-index', String(index));
      list.appendChild(link);
    });
    box.appendChild(list);
  }

  function paragraph(text) {
    const p = document.createElement('p');
    p.textContent = text;
    return p;
  }

  // Confirming waits for the queue; "tetap selesai" appears only with a plain warning.
  function renderFinishPending() {
    const pending = queueSize();
    const box = $('finish-pending');
    box.hidden = pending === 0;
    box.textContent = pending
      ? pending + ' jawaban masih dikirim ke server. Tunggu sampai semua tersimpan. ' +
        'Jika Anda tetap selesai sekarang, jawaban yang belum terkirim tidak dinilai.'
      : '';
    $('finish-confirm').disabled = pending > 0 || state.busy;
    $('finish-force').hidden = pending === 0;
    $('finish-force').disabled = state.busy;
  }

  function closeFinishDialog() {
    state.dialogOpen = false;
    $('finish-dialog').hidden = true;
  }

  async function confirmFinish(force) {
    const attempt = state.attempt;
    if (!attempt || state.closed || state.busy) return;
    state.busy = true;
    renderFinishPending();
    $('finish-error').hidden = true;
    if (!force && !(await flushQueue(15000))) return finishFailed('Masih ada jawaban yang belum terkirim. Coba lagi.');
    const r = await api('POST', '/attempts/' + attempt.id + '/finish', {});
    if (attempt !== state.attempt || state.closed) return;
    if (r.ok) return attemptOver(r.data, false);
    if (r.status === 409) return reloadAttempt().then(() => finishFailed(errorText(r)));
    if (r.status === 401) return;
    finishFailed(r.network ? 'Gagal menghubungi server. Periksa koneksi lalu coba lagi.' : errorText(r));
  }

  function finishFailed(text) {
    state.busy = false;
    $('finish-error').textContent = text;
    $('finish-error').hidden = false;
    renderFinishPending();
  }

  /* ---------- wiring ---------- */

  function onKey(event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === 'Escape' && state.dialogOpen) return closeFinishDialog();
    if ($('screen-question').hidden || state.dialogOpen || inputBlocked()) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      goTo(state.index + (event.key === 'ArrowLeft' ? -1 : 1));
      return;
    }
    const letter = (event.key || '').toUpperCase();
    if (letter.length === 1 && LETTERS.indexOf(letter) >= 0) {
      event.preventDefault();
      choose(LETTERS.indexOf(letter));
    }
  }

  function onIndexClick(event) {
    const target = event.target.closest('[data-index]');
    if (!target || inputBlocked()) return;
    closeFinishDialog();
    goTo(Number(target.getAttribute('data-index')));
  }

  function wire() {
    $('options').addEventListener('click', (event) => {
      const button = event.target.closest('.option');
      if (button) choose(Number(button.getAttribute('data-position')));
    });
    $('flag-toggle').addEventListener('click', () => {
      const item = currentItem();
      const now = effective(item.id);
      change(item.id, now.choice, !now.flagged);
    });
    $('clear-answer').addEventListener('click', () => {
      const item = currentItem();
      const now = effective(item.id);
      if (now.choice) change(item.id, null, now.flagged);
    });
    $('prev-button').addEventListener('click', () => !inputBlocked() && goTo(state.index - 1));
    $('next-button').addEventListener('click', () => !inputBlocked() && goTo(state.index + 1));
    $('grid').addEventListener('click', onIndexClick);
    $('finish-unanswered').addEventListener('click', onIndexClick);
    $('finish-flagged').addEventListener('click', onIndexClick);
    $('grid-toggle').addEventListener('click', () => {
      const open = $('grid-panel').classList.toggle('open');
      $('grid-toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    $('finish-button').addEventListener('click', openFinishDialog);
    $('finish-cancel').addEventListener('click', closeFinishDialog);
    $('finish-confirm').addEventListener('click', () => confirmFinish(false));
    $('finish-force').addEventListener('click', () => confirmFinish(true));
    $('start-button').addEventListener('click', startAttempt);
    $('transition-continue').addEventListener('click', () => showCurrent());
    $('logout-button').addEventListener('click', logout);
    $('message-retry').addEventListener('click', () => window.location.reload());
    $('time-warning-close').addEventListener('click', () => ($('time-warning').hidden = true));
    document.addEventListener('keydown', onKey);
    document.addEventListener('visibilitychange', () => countFocusLoss(document.hidden));
    window.addEventListener('blur', () => countFocusLoss(true));
    window.addEventListener('focus', () => countFocusLoss(false));
    window.addEventListener('online', () => {
      retryNow();
      heartbeatNow();
    });
    window.addEventListener('beforeunload', (event) => {
      if (!queueSize() || state.closed) return;
      event.preventDefault(); // pending answers stay in localStorage, but warn anyway
      event.returnValue = '';
    });
    setInterval(tick, 250);
    setInterval(pollSignal, SIGNAL_MS);
    window.ExamView.wire();
  }

  wire();
  showCurrent();
})();
