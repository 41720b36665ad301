/* Exam page, moving between attempts: entering a test, what happens when one ends (here, by
 * time, by a proctor, in another window), the transition page, and what comes next.
 */
(function (E) {
  'use strict';

  const { OVER, $, state } = E;

  // The attempt is over (finished here, by time, by a proctor, or in another window).
  // `result` is a finish response when we have one; otherwise ask for it (finish is idempotent).
  async function attemptOver(result, flushFirst) {
    const attempt = state.attempt;
    if (!attempt || state.ending) return;
    state.ending = true;
    if (flushFirst) await E.flushQueue(3000);
    if (attempt !== state.attempt) return;
    state.closed = true;
    clearTimeout(state.heartbeatTimer);
    clearTimeout(state.retryTimer);
    state.retryTimer = null;
    E.closeFinishDialog();
    $('pause-overlay').hidden = true;
    state.paused = false;
    if (E.queueSize()) console.warn('not saved before the attempt ended', state.queue);
    state.queue = {};
    E.writeStore('queue', null);
    E.writeStore('seq', null);
    E.writeStore('pos', null);
    if (!result) {
      E.showBusy('Menutup tes…');
      const r = await E.apiPatiently('POST', '/attempts/' + attempt.id + '/finish', {});
      result = r.ok ? r.data : null;
    }
    if (result && typeof result.total === 'number') state.results[attempt.id] = result;
    state.attempt = null;
    const r = await E.apiPatiently('GET', '/attempts/' + attempt.id);
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
    E.hideBusy();
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
    await E.refreshMe();
    const next = state.attempts.find((x) => OVER.indexOf(x.status) < 0 && x.id !== a.id);
    const goesOn = next && a.session_open !== false;
    $('transition-next').textContent = goesOn ? 'Tes berikutnya: ' + next.title + '.' : '';
    $('transition-continue').textContent = goesOn ? 'Lanjut ke tes berikutnya' : 'Lanjutkan';
    $('test-title').textContent = '';
    E.showScreen('transition');
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
    const r = await E.apiPatiently('GET', '/attempts/' + attempt.id);
    if (attempt !== state.attempt || state.closed || !r.ok) return;
    const a = r.data;
    if (OVER.indexOf(a.status) >= 0 || a.status === 'ready') return attemptOver(null, false);
    state.answers = Object.assign({}, a.answers);
    state.flagged = toSet(a.flagged);
    E.applyStatus(a.status, a.remaining_seconds);
    E.renderState();
    E.pump();
  }

  // Show whatever comes next for this candidate: a running attempt, the next test's
  // instructions, or the closing page.
  async function showCurrent(depth) {
    E.hideBusy();
    E.showScreen('loading');
    const onWait = () => ($('loading-text').textContent = 'Menghubungi server… mohon tunggu.');
    const me = await E.apiPatiently('GET', '/candidate/me', null, onWait);
    if (!me.ok) return E.showMessage(E.errorText(me));
    state.csrf = me.data.csrf_token;
    state.attempts = me.data.attempts || [];
    const next = state.attempts.find((a) => OVER.indexOf(a.status) < 0);
    if (!next) return E.showClosing(false);
    const r = await E.apiPatiently('GET', '/attempts/' + next.id, null, onWait);
    if (!r.ok) return E.showMessage(E.errorText(r));
    window.ExamView.syncClock(r.data.server_time);
    // A closed session offers no "Mulai": what was sat is listed, and the way out.
    if (r.data.status === 'ready' && r.data.session_open === false) return E.showClosing(true);
    if (r.data.status === 'ready') return E.showInstructions(r.data);
    if (OVER.indexOf(r.data.status) >= 0) {
      // it ended between the two calls (another window, the deadline): look again
      if ((depth || 0) < 3) return showCurrent((depth || 0) + 1);
      return E.showMessage('Status tes berubah. Muat ulang halaman.');
    }
    if (!r.data.items || !r.data.items.length) return E.showMessage('Soal tidak dapat dimuat. Hubungi pengawas.');
    enterAttempt(r.data);
  }

  function enterAttempt(a) {
    state.attempt = a;
    Object.assign(state, { ending: false, closed: false, busy: false, paused: false });
    Object.assign(state, { lastSecs: null, saved: {}, dialogOpen: false });
    state.answers = Object.assign({}, a.answers);
    state.flagged = toSet(a.flagged);
    state.queue = E.restoreQueue(a);
    state.seq = Math.max(Number(a.last_seq) || 0, Number(E.readStore('seq', 0)) || 0);
    Object.keys(state.queue).forEach((id) => (state.seq = Math.max(state.seq, state.queue[id].seq)));
    state.index = startIndex(a);
    $('test-title').textContent = a.title;
    $('timer').hidden = false;
    E.buildGrid();
    E.showScreen('question');
    E.syncTimer(a.remaining_seconds);
    if (a.status === 'paused') E.setPaused(true, a.remaining_seconds);
    E.renderQuestion();
    E.scheduleHeartbeat();
    E.watch(a.id);
    E.pump();
  }

  // Where to open: this PC's last position, else the one the server kept (another PC's).
  function startIndex(a) {
    const stored = E.readStore('pos', null);
    if (stored !== null && Number(stored) >= 0 && Number(stored) < a.items.length) return Number(stored);
    const index = a.items.findIndex((item) => item.id === a.current_item_id);
    return index >= 0 ? index : 0;
  }

  function toSet(list) {
    const set = {};
    (list || []).forEach((id) => (set[id] = true));
    return set;
  }

  Object.assign(E, {
    attemptOver,
    countLine,
    enterAttempt,
    reloadAttempt,
    showCurrent,
    showTransition,
  });
})(window.Exam);
