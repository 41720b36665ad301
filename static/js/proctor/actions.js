/* Proctor's room view, the action form: what each action says, its fields and checks (no
 * action without a reason), the request it sends, and the API's answer.
 */
(function (P) {
  'use strict';

  const { $, cfg, roomPath, state } = P;

  // What each action says in the form and after it succeeded.
  const ACTIONS = {
    pause: {
      title: 'Jeda ujian',
      help: 'Waktu peserta berhenti sampai ujian dilanjutkan.',
      confirm: 'Jeda',
      done: (who) => 'Ujian ' + who + ' dijeda.',
      room: { title: 'Jeda semua ujian di ruang ini', done: (n) => n + ' ujian dijeda.' },
    },
    resume: {
      title: 'Lanjutkan ujian',
      help: 'Waktu peserta berjalan lagi; lamanya jeda tidak mengurangi waktu.',
      confirm: 'Lanjutkan',
      done: (who) => 'Ujian ' + who + ' dilanjutkan.',
      room: { title: 'Lanjutkan semua ujian yang dijeda', done: (n) => n + ' ujian dilanjutkan.' },
    },
    extend: {
      title: 'Tambah waktu',
      help: 'Ditambahkan pada tambahan waktu sebelumnya; berlaku juga sebelum tes dimulai.',
      confirm: 'Tambah waktu',
      done: (who, minutes) => 'Waktu ' + who + ' ditambah ' + minutes + ' menit.',
      room: {
        title: 'Tambah waktu semua ujian yang belum selesai',
        done: (n, minutes) => 'Waktu ' + n + ' ujian ditambah ' + minutes + ' menit.',
      },
    },
    release: {
      title: 'Pindahkan login',
      help: 'Lepaskan kunci perangkat agar peserta dapat masuk dari komputer lain. ' +
        'Jawaban dan sisa waktu tetap tersimpan.',
      confirm: 'Lepaskan login',
      done: (who) => 'Login ' + who + ' dilepas; peserta dapat masuk dari komputer lain.',
    },
    unlock: {
      title: 'Buka blokir',
      help: 'Hapus hitungan PIN salah peserta ini dan izinkan ia masuk walau jaringan ruang ' +
        'terlalu sering salah. Pastikan yang mencoba masuk memang peserta ini.',
      confirm: 'Buka blokir',
      done: (who) => 'Blokir ' + who + ' dibuka; peserta dapat mencoba masuk lagi.',
    },
    finish: {
      title: 'Selesaikan sekarang',
      help: 'Tes ini diakhiri sekarang; peserta tidak dapat mengubah jawabannya lagi.',
      confirm: 'Selesaikan',
      danger: true,
      done: (who) => 'Tes ' + who + ' diselesaikan.',
    },
    void: {
      title: 'Batalkan ujian',
      help: 'PERHATIAN: tes ini dibatalkan dan TIDAK DINILAI. Tindakan ini tidak dapat diurungkan.',
      confirm: 'Batalkan ujian',
      danger: true,
      done: (who) => 'Ujian ' + who + ' dibatalkan.',
    },
    incident: {
      title: 'Catat kejadian',
      help: 'Dicatat dalam berita acara sesi.',
      confirm: 'Simpan catatan',
      reason: 'Uraian kejadian (wajib)',
      done: () => 'Kejadian dicatat dalam berita acara.',
      room: { title: 'Catat kejadian ruang', done: () => 'Kejadian dicatat dalam berita acara.' },
    },
    outage: {
      help: 'Rentang waktu gangguan menjadi waktu jeda bagi setiap ujian sesi ini yang ' +
        'berjalan di dalamnya; ujian yang habis waktunya di dalam rentang dibuka lagi.',
      confirm: 'Catat gangguan',
      room: {
        title: 'Catat gangguan sesi',
        done: (n) => 'Gangguan dicatat; ' + n + ' ujian disesuaikan.',
      },
    },
  };

  function chooseAction(action) {
    const spec = ACTIONS[action];
    const room = state.mode === 'room';
    const words = room ? spec.room : spec;
    state.action = action;
    if (room) state.target = null;
    else {
      const d = state.seats[state.cid].data;
      state.target = {
        attemptId: d.attempt ? d.attempt.id : null,
        candidateId: d.candidate_id,
        who: d.name + ' (kursi ' + (d.seat || '–') + ')',
        test: d.attempt ? d.attempt.title || d.attempt.test_code : '',
      };
    }
    resetFields();
    const suffix = !room && state.target.test && ['release', 'unlock', 'incident'].indexOf(action) < 0
      ? ' — ' + state.target.test : '';
    $('form-title').textContent = words.title + suffix;
    $('form-help').textContent = spec.help || '';
    $('form-help').classList.toggle('danger', !!spec.danger);
    $('reason-label').textContent = spec.reason || 'Alasan (wajib)';
    $('field-minutes').hidden = action !== 'extend';
    $('field-category').hidden = action !== 'incident';
    $('field-window').hidden = action !== 'outage';
    $('field-phrase').hidden = action !== 'void';
    if (action === 'outage') $('action-to').value = P.zoneInputValue(P.serverNow());
    const confirm = $('action-confirm');
    confirm.textContent = spec.confirm;
    confirm.classList.toggle('btn-danger', !!spec.danger);
    confirm.classList.toggle('btn-primary', !spec.danger);
    $('action-form').hidden = false;
    hideMessage();
    validate();
    if (state.mode === 'seat') P.renderPanelSeat();
  }

  function firstField() {
    if (state.action === 'extend') return $('action-extend-minutes');
    if (state.action === 'incident') return $('action-category');
    if (state.action === 'outage') return $('action-from');
    return $('action-reason');
  }

  function resetFields() {
    ['action-extend-minutes', 'action-reason', 'action-phrase', 'action-from', 'action-to'].forEach(
      (id) => ($(id).value = '')
    );
    if ($('action-over-cap')) $('action-over-cap').checked = false; // admins only
    // The server names the category an incident starts with (a seat's: the candidate's).
    const category = $('action-category');
    category.value = category.getAttribute(state.mode === 'seat' ? 'data-seat-default' : 'data-room-default');
  }

  function resetForm() {
    state.action = null;
    state.target = null;
    resetFields();
    $('action-form').hidden = true;
    $('action-confirm').disabled = true;
    if (state.mode === 'seat') P.renderPanelSeat();
  }

  function minutesValue() {
    const text = $('action-extend-minutes').value.trim();
    const value = Number(text);
    return text && isFinite(value) && value > 0 && value <= 240 ? value : null;
  }

  function validate() {
    const reason = $('action-reason').value.trim();
    let ok = !!state.action && reason.length > 0 && reason.length <= 500 && !state.sending;
    if (state.action === 'extend') ok = ok && minutesValue() !== null;
    if (state.action === 'void') ok = ok && $('action-phrase').value.trim().toUpperCase() === 'BATALKAN';
    if (state.action === 'outage') {
      const from = $('action-from').value;
      const to = $('action-to').value;
      ok = ok && !!from && !!to && to > from;
    }
    if (state.mode === 'seat' && ['pause', 'resume', 'extend', 'finish', 'void'].indexOf(state.action) >= 0) {
      ok = ok && !!state.target && state.target.attemptId !== null;
    }
    $('action-confirm').disabled = !ok;
    return ok;
  }

  // "2026-12-01T09:30" typed in the exam's zone -> ISO 8601 with that zone's offset.

  function zoneIso(value) {
    return value + (value.length === 16 ? ':00' : '') + cfg.tzOffset;
  }

  function buildRequest() {
    const action = state.action;
    const reason = $('action-reason').value.trim();
    const base = cfg.base;
    if (action === 'incident') {
      const body = { category: $('action-category').value, text: reason };
      if (state.mode === 'seat') body.candidate_id = state.target.candidateId;
      return { url: base + roomPath + '/incidents', body: body };
    }
    if (action === 'outage') {
      return {
        url: base + '/sessions/' + encodeURIComponent(cfg.session) + '/outage',
        body: { from: zoneIso($('action-from').value), to: zoneIso($('action-to').value), reason: reason },
      };
    }
    const body = { reason: reason };
    if (action === 'extend') body.minutes = minutesValue();
    // Past the cap on extra time: an admin's explicit choice (the server refuses otherwise).
    if (action === 'extend' && $('action-over-cap') && $('action-over-cap').checked) body.over_cap = true;
    if (state.mode === 'room') return { url: base + roomPath + '/' + action, body: body };
    if (action === 'release' || action === 'unlock') {
      return { url: base + '/candidates/' + state.target.candidateId + '/' + action, body: body };
    }
    return { url: base + '/attempts/' + state.target.attemptId + '/' + action, body: body };
  }

  async function submit(event) {
    event.preventDefault();
    if (!validate()) return;
    const action = state.action;
    const mode = state.mode;
    const target = state.target;
    const req = buildRequest();
    state.sending = true;
    validate();
    if (mode === 'seat') P.renderPanelSeat();
    $('action-confirm').textContent = 'Mengirim…';
    const r = await P.request('POST', req.url, req.body);
    state.sending = false;
    $('action-confirm').textContent = ACTIONS[action].confirm;
    if (!r.ok) {
      showMessage(P.errorText(r), 'error');
      validate();
      if (mode === 'seat') P.renderPanelSeat();
      return;
    }
    const seatAnswer = mode === 'seat' && action !== 'incident'; // these answer with the seat
    if (seatAnswer && r.data && state.seats[String(r.data.candidate_id)]) {
      P.updateSeat(r.data, performance.now()); // the seat as the action left it, before the poll
      P.applyFilters();
    }
    showMessage(doneText(action, mode, target, req.body, r.data), 'ok');
    resetForm();
    P.refreshNow();
  }

  function doneText(action, mode, target, body, data) {
    const spec = ACTIONS[action];
    if (mode === 'room') {
      let n = data ? data.affected : 0;
      if (Array.isArray(n)) n = n.length;
      return spec.room.done(Number(n) || 0, body.minutes);
    }
    return spec.done(target.who, body.minutes);
  }

  function showMessage(text, kind) {
    const box = $('action-message');
    box.textContent = text;
    box.className = 'action-message ' + kind;
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    box.hidden = false;
  }

  function hideMessage() {
    $('action-message').hidden = true;
  }

  Object.assign(P, { chooseAction, firstField, hideMessage, resetForm, submit, validate });
})(window.Proctor);
