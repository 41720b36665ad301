/* The proctor's live room view, and the print button of the session record.
 *
 * Rules this file lives by (see docs/api.md):
 * - One poll at a time: the next request is scheduled only when the last one has answered
 *   (setTimeout chaining), none while the tab is hidden, one at once when it shows again.
 * - Tiles are built once per candidate and then only their texts and attributes change, so
 *   focus, scroll position and an open panel survive every poll.
 * - The server's numbers win: the countdown between polls starts again from each
 *   `remaining_seconds`, and stands still while the attempt is paused.
 * - No action without a reason; the API's own message is shown when it refuses.
 * Plain ES2017, no modules, no build step (the same as exam.js).
 */
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);

  wirePrintButton();
  const root = $('live');
  if (!root) return;

  const REQUEST_TIMEOUT_MS = 10000;
  // Every status word comes from the server (vocabulary/statuses.py), embedded in the page.
  const WORDS = JSON.parse($('status-words').textContent);
  const STATUS = WORDS.seat; // seat status code -> label
  const ATTEMPT = WORDS.test; // test state code -> label
  const FOCUS_ALERT = Number(WORDS.focus_alert) || 3;
  const COMPACT_KEY = 'pengawas.tampilanRingkas'; // per device: this browser's localStorage
  const LIVE = ['ready', 'in_progress', 'paused']; // attempts an action can still change

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

  const cfg = {
    liveUrl: root.getAttribute('data-live-url'),
    base: root.getAttribute('data-action-base'),
    pollMs: Math.max(200, Number(root.getAttribute('data-poll-ms')) || 2000),
    room: root.getAttribute('data-room'),
    session: root.getAttribute('data-session'),
    admin: root.getAttribute('data-admin') === 'true',
    tzOffset: root.getAttribute('data-tz-offset') || '+08:00',
    tzLabel: root.getAttribute('data-tz-label') || '',
  };
  cfg.tzMinutes = offsetMinutes(cfg.tzOffset);
  const roomPath = '/rooms/' + encodeURIComponent(cfg.room) + '/sessions/' + encodeURIComponent(cfg.session);

  const state = {
    csrf: document.querySelector('meta[name="csrf-token"]').getAttribute('content'),
    seats: {}, // candidate id -> {data, li, tile, refs, deadline, frozen, seenBase, seenAt}
    order: [], // candidate ids in the server's order
    loaded: false,
    // polling
    timer: null,
    inflight: false,
    again: false, // a refresh was asked for while a request was out
    failures: 0,
    clockOffset: 0, // server clock minus local clock, in ms
    lastUpdate: null, // server-clock ms of the last good answer
    // filters
    statuses: {},
    text: '',
    attention: false,
    // the side panel
    mode: null, // null | 'seat' | 'room'
    cid: null, // the candidate in the panel
    action: null, // the action whose form is open
    target: null, // {attemptId, candidateId, who}: what the proctor saw when choosing
    sending: false,
    opener: null, // where focus goes back to when the panel closes
  };

  /* ---------- time ---------- */

  function offsetMinutes(text) {
    const m = /^([+-])(\d\d):?(\d\d)$/.exec(text);
    if (!m) return 480;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }

  const pad = (n) => String(n).padStart(2, '0');

  // hh:mm:ss in the exam's zone, whatever zone this PC is set to.
  function zoneClock(ms) {
    const d = new Date(ms + cfg.tzMinutes * 60000);
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
  }

  // The value of a datetime-local input for a moment, in the exam's zone.
  function zoneInputValue(ms) {
    const d = new Date(ms + cfg.tzMinutes * 60000);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) +
      'T' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }

  function serverNow() {
    return Date.now() + state.clockOffset;
  }

  function mmss(secs) {
    const s = Math.max(0, Math.floor(secs));
    return pad(Math.floor(s / 60)) + ':' + pad(s % 60);
  }

  function ago(secs) {
    if (secs < 60) return secs + ' dtk lalu';
    if (secs < 3600) return Math.floor(secs / 60) + ' mnt lalu';
    return Math.floor(secs / 3600) + ' jam lalu';
  }

  /* ---------- talking to the API ---------- */

  function request(method, url, payload) {
    return Http.request(method, url, payload, state.csrf, REQUEST_TIMEOUT_MS);
  }

  function errorText(r) {
    if (r.data && r.data.error && r.data.error.message) return r.data.error.message;
    if (r.network) return 'Gagal menghubungi server. Periksa koneksi lalu coba lagi.';
    if (r.status === 401) return 'Sesi login Anda berakhir. Muat ulang halaman lalu masuk lagi.';
    if (r.status === 403) return 'Anda tidak berwenang melakukan tindakan ini.';
    return 'Terjadi kesalahan di server (' + r.status + '). Coba lagi.';
  }

  /* ---------- polling ---------- */

  function schedule(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(poll, ms);
  }

  async function poll() {
    state.timer = null;
    if (state.inflight) return;
    if (document.hidden) return; // visibilitychange polls again
    state.inflight = true;
    state.again = false;
    const sentAt = Date.now();
    const r = await request('GET', cfg.liveUrl);
    state.inflight = false;
    if (r.ok) {
      state.failures = 0;
      const serverMs = Date.parse(r.data.server_time);
      if (!isNaN(serverMs)) state.clockOffset = serverMs - (sentAt + Date.now()) / 2;
      state.lastUpdate = serverNow();
      setConnection(null);
      render(r.data);
    } else {
      state.failures += 1;
      setConnection(r);
    }
    if (document.hidden) return;
    if (state.again) return schedule(0);
    schedule(Http.pollDelay(cfg.pollMs, state.failures));
  }

  // Poll as soon as possible, never two requests at once.
  function refreshNow() {
    if (state.inflight) {
      state.again = true;
      return;
    }
    schedule(0);
  }

  function setConnection(r) {
    const box = $('connection-error');
    const updated = $('last-updated');
    if (!r) {
      box.hidden = true;
      updated.classList.remove('stale');
      return;
    }
    let text = 'Koneksi ke server terputus — mencoba lagi';
    if (r.status === 401) text = 'Sesi login Anda berakhir. Muat ulang halaman lalu masuk lagi.';
    else if (r.status === 403) text = 'Akses ke ruang ini ditolak — mencoba lagi';
    else if (!r.network) text = 'Server menjawab dengan kesalahan (' + r.status + ') — mencoba lagi';
    $('connection-error-text').textContent = text;
    box.hidden = false;
    updated.classList.add('stale');
  }

  /* ---------- rendering the live view ---------- */

  function render(data) {
    const now = performance.now();
    renderSession(data.session || {});
    // Redis unreadable: the seats come from the database alone (the server says so).
    $('live-notice').hidden = !data.live_notice;
    setText($('live-notice'), data.live_notice || '');
    Object.keys(STATUS).forEach((key) => {
      setText($('count-' + key), String((data.counts && data.counts[key]) || 0));
    });
    const seen = {};
    const order = [];
    (data.seats || []).forEach((d) => {
      const id = String(d.candidate_id);
      seen[id] = true;
      order.push(id);
      updateSeat(d, now);
    });
    Object.keys(state.seats).forEach((id) => {
      if (seen[id]) return;
      state.seats[id].li.remove();
      delete state.seats[id];
      if (state.cid === id) closePanel();
    });
    placeInOrder(order);
    state.loaded = true;
    applyFilters();
    if (state.mode === 'seat') renderPanelSeat();
    tick();
  }

  function renderSession(s) {
    if (s.status) {
      const badge = $('session-status');
      setText(badge, WORDS.session[s.status] || s.status);
      badge.className = 'badge badge-' + s.status;
    }
    const open = s.status === 'open' && !!s.token;
    $('token-box').hidden = !open;
    setText($('session-token'), open ? s.token : '');
  }

  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  function span(cls, testid) {
    const el = document.createElement('span');
    el.className = cls;
    if (testid) el.setAttribute('data-testid', testid);
    return el;
  }

  function buildSeat(d) {
    const li = document.createElement('li');
    const tile = document.createElement('button');
    tile.type = 'button';
    tile.className = 'seat';
    tile.setAttribute('data-testid', 'seat-' + d.candidate_id);
    tile.setAttribute('data-cid', String(d.candidate_id));
    const refs = {
      no: span('seat-no'),
      badge: span('badge seat-status'),
      name: span('seat-name'),
      nip: span('seat-nip'),
      test: span('seat-test'),
      answered: span('seat-answered', 'seat-answered'),
      bar: span('seat-bar'),
      fill: span('seat-bar-fill'),
      remaining: span('seat-remaining', 'seat-remaining'),
      focus: span('seat-focus', 'seat-focus'),
      extra: span('seat-extra', 'seat-extra'),
      device: span('seat-device', 'seat-device'),
      locked: span('seat-locked', 'seat-locked'),
      seen: span('seat-seen', 'seat-seen'),
    };
    const top = span('seat-top');
    top.append(refs.no, refs.badge);
    refs.bar.setAttribute('aria-hidden', 'true');
    refs.bar.appendChild(refs.fill);
    const progress = span('seat-progress');
    progress.append(refs.answered, refs.bar);
    const meta = span('seat-meta');
    meta.append(refs.remaining, refs.extra);
    const marks = span('seat-marks');
    marks.append(refs.focus);
    refs.device.textContent = 'Perangkat berganti';
    refs.device.title = 'Perangkat atau alamat peserta berganti selama sesi';
    refs.locked.textContent = 'Diblokir';
    refs.locked.title = 'Terlalu banyak PIN salah: login ditolak. Pilih kursi lalu Buka blokir.';
    tile.append(top, refs.name, refs.nip, refs.test, progress, meta, marks, refs.device, refs.locked,
      refs.seen);
    li.appendChild(tile);
    const seat = { data: d, li: li, tile: tile, refs: refs, deadline: 0, frozen: 0 };
    state.seats[String(d.candidate_id)] = seat;
    return seat;
  }

  function updateSeat(d, now) {
    const seat = state.seats[String(d.candidate_id)] || buildSeat(d);
    const r = seat.refs;
    const a = d.attempt;
    seat.data = d;
    setAttr(seat.tile, 'data-status', d.status);
    seat.tile.classList.toggle('attention', needsAttention(d));
    setText(r.no, d.seat || '–');
    setText(r.badge, STATUS[d.status] || d.status);
    r.badge.className = 'badge seat-status status-' + d.status;
    setText(r.name, d.name || '');
    setText(r.nip, d.nip || '');
    setText(r.test, testLine(d));
    if (a) {
      setText(r.answered, a.answered + '/' + a.total);
      const pct = a.total ? Math.round((100 * a.answered) / a.total) : 0;
      if (r.fill.style.width !== pct + '%') r.fill.style.width = pct + '%';
    } else {
      setText(r.answered, '–');
      r.fill.style.width = '0%';
    }
    r.bar.hidden = !a;
    r.answered.hidden = !a; // nothing to count or time before the first login
    r.remaining.hidden = !a;
    // The countdown: keep the local deadline unless the server's differs by more than a
    // second and a half (no jitter from request latency), freeze it while paused.
    const running = !!a && a.status === 'in_progress';
    const secs = a && typeof a.remaining_seconds === 'number' ? a.remaining_seconds : null;
    if (running && secs !== null) {
      const fresh = now + secs * 1000;
      if (!seat.running || Math.abs(fresh - seat.deadline) > 1500) seat.deadline = fresh;
    }
    seat.running = running && secs !== null;
    seat.frozen = secs;
    setAttr(r.remaining, 'data-state', a ? a.status : 'none');
    const focus = Number(d.focus_lost) || 0;
    setText(r.focus, WORDS.focus_label + ': ' + focus);
    r.focus.classList.toggle('high', focus >= FOCUS_ALERT);
    r.focus.classList.toggle('none', focus === 0);
    r.focus.hidden = !a;
    setAttr(r.focus, 'title', 'Meninggalkan jendela ujian ' + focus + ' kali');
    const extraMinutes = a ? Math.round((Number(a.extension_seconds) || 0) / 60) : 0;
    setText(r.extra, '+' + extraMinutes + ' mnt');
    setAttr(r.extra, 'title', 'Tambahan waktu ' + extraMinutes + ' menit');
    r.extra.hidden = !extraMinutes;
    setAttr(seat.tile, 'title', tileTitle(d));
    r.device.hidden = !d.device_changed;
    r.locked.hidden = !d.locked;
    seat.seenBase = typeof d.last_seen_seconds === 'number' ? d.last_seen_seconds : null;
    seat.seenAt = now;
    r.seen.hidden = d.status !== 'terputus';
  }

  function testState(a) {
    const key = a.state || a.status;
    return ATTEMPT[key] || key;
  }

  // The test's name (its code only when it has none), which test of how many, and its state.
  function testLine(d) {
    const a = d.attempt;
    if (!a) return d.status === 'belum_hadir' ? 'Belum login' : 'Belum mulai tes';
    const total = Number(d.tests_total) || 0;
    const position = Math.min((Number(d.tests_done) || 0) + 1, total);
    const count = total > 1 ? ' · tes ' + position + '/' + total : '';
    const extra = a.status === 'in_progress' ? '' : ' (' + testState(a).toLowerCase() + ')';
    return (a.title || a.test_code) + count + extra;
  }

  // Everything a compact tile cuts short, in full on hover.
  function tileTitle(d) {
    const parts = [(d.seat ? 'Kursi ' + d.seat + ' · ' : '') + d.name, 'NIP ' + d.nip,
      STATUS[d.status] || d.status];
    if (d.attempt) parts.push(testLine(d));
    return parts.join('\n');
  }

  function needsAttention(d) {
    return d.status === 'terputus' || d.status === 'jeda' || !!d.device_changed || !!d.locked ||
      (Number(d.focus_lost) || 0) >= FOCUS_ALERT;
  }

  // Move tiles only when the server's order differs (a new candidate, a seat change).
  function placeInOrder(order) {
    const list = $('seats');
    const current = Array.prototype.map.call(list.children, (li) => li.firstChild.getAttribute('data-cid'));
    if (current.join(',') === order.join(',')) return;
    const active = document.activeElement;
    order.forEach((id) => list.appendChild(state.seats[id].li));
    if (active && active !== document.activeElement && document.contains(active)) active.focus();
  }

  function remainingSecs(seat) {
    if (seat.running) return Math.max(0, Math.ceil((seat.deadline - performance.now()) / 1000));
    return seat.frozen;
  }

  function remainingText(seat) {
    const a = seat.data.attempt;
    const secs = remainingSecs(seat);
    if (!a || secs === null) return '–';
    if (a.status === 'finished') return 'selesai';
    if (a.status === 'voided') return 'batal';
    return mmss(secs);
  }

  // Four times a second: countdowns, "last seen", the clock. Only changed texts are written.
  function tick() {
    const now = performance.now();
    Object.keys(state.seats).forEach((id) => {
      const seat = state.seats[id];
      setText(seat.refs.remaining, remainingText(seat));
      if (!seat.refs.seen.hidden) {
        const base = seat.seenBase;
        const text = base === null ? 'Belum pernah terhubung'
          : 'Terakhir aktif ' + ago(base + Math.floor((now - seat.seenAt) / 1000));
        setText(seat.refs.seen, text);
      }
    });
    setText($('clock'), zoneClock(serverNow()));
    if (state.lastUpdate !== null) {
      setText($('last-updated'), 'Diperbarui ' + zoneClock(state.lastUpdate));
    }
    if (state.mode === 'seat' && state.seats[state.cid]) {
      setText($('panel-remaining'), remainingText(state.seats[state.cid]));
    }
  }

  /* ---------- filters ---------- */

  function applyFilters() {
    const chosen = Object.keys(state.statuses).filter((k) => state.statuses[k]);
    const text = state.text.trim().toLowerCase();
    let shown = 0;
    state.order = Object.keys(state.seats);
    state.order.forEach((id) => {
      const seat = state.seats[id];
      const d = seat.data;
      let visible = !chosen.length || chosen.indexOf(d.status) >= 0;
      if (visible && state.attention) visible = needsAttention(d);
      if (visible && text) {
        visible = (d.name || '').toLowerCase().indexOf(text) >= 0 ||
          (d.nip || '').indexOf(text) >= 0 || String(d.seat || '').toLowerCase() === text;
      }
      if (seat.li.hidden === visible) seat.li.hidden = !visible;
      if (visible) shown += 1;
    });
    const total = state.order.length;
    const filtered = chosen.length || state.attention || text;
    setText($('filter-summary'), filtered ? shown + ' dari ' + total + ' kursi' : total + ' kursi');
    $('seats-empty').hidden = !state.loaded || shown > 0;
    setText($('seats-empty'), total ? 'Tidak ada kursi yang cocok dengan saringan.'
      : 'Belum ada peserta di ruang ini pada sesi ini.');
  }

  /* ---------- the side panel ---------- */

  function openSeat(id, opener) {
    const seat = state.seats[id];
    if (!seat || state.sending) return;
    if (state.mode === 'seat' && state.cid === id) return $('action-panel').focus(); // keep the form
    markSelected(id);
    state.mode = 'seat';
    state.cid = id;
    state.opener = opener || seat.tile;
    const d = seat.data;
    $('panel-title').textContent = 'Kursi ' + (d.seat || '–') + ' · ' + d.name;
    $('panel-seat').hidden = false;
    resetForm();
    hideMessage();
    renderPanelSeat();
    showPanel();
  }

  function openRoom(action, opener) {
    if (state.sending) return;
    markSelected(null);
    state.mode = 'room';
    state.cid = null;
    state.opener = opener;
    $('panel-title').textContent = 'Ruang ' + cfg.room + ' · sesi ' + cfg.session;
    $('panel-seat').hidden = true;
    hideMessage();
    chooseAction(action);
    showPanel();
  }

  function showPanel() {
    const panel = $('action-panel');
    panel.hidden = false;
    document.body.classList.add('panel-open');
    const first = state.action ? firstField() : panel;
    first.focus();
  }

  function closePanel() {
    if (state.sending) return;
    $('action-panel').hidden = true;
    document.body.classList.remove('panel-open');
    markSelected(null);
    state.mode = null;
    state.cid = null;
    resetForm();
    const opener = state.opener;
    state.opener = null;
    if (opener && document.contains(opener)) opener.focus();
  }

  function markSelected(id) {
    Object.keys(state.seats).forEach((key) => {
      const tile = state.seats[key].tile;
      const on = key === id;
      tile.classList.toggle('selected', on);
      setAttr(tile, 'aria-expanded', on ? 'true' : 'false');
    });
  }

  function renderPanelSeat() {
    const seat = state.seats[state.cid];
    if (!seat) return;
    const d = seat.data;
    const a = d.attempt;
    const st = a ? a.status : null;
    $('panel-sub').textContent = 'NIP ' + d.nip + (d.position ? ' · ' + d.position : '');
    const badge = $('panel-status');
    setText(badge, STATUS[d.status] || d.status);
    badge.className = 'badge status-' + d.status;
    setText($('panel-test'), a ? (a.title || a.test_code) + ' (' + testState(a).toLowerCase() + ')'
      : 'Belum ada');
    setText($('panel-answered'), a ? a.answered + ' dari ' + a.total + ' soal' : '–');
    setText($('panel-remaining'), remainingText(seat));
    setText($('panel-extension'), a && a.extension_seconds
      ? Math.round(a.extension_seconds / 60) + ' menit' : 'tidak ada');
    setText($('panel-focus'), (Number(d.focus_lost) || 0) + ' kali');
    setText($('panel-address'), d.address || '–');
    $('panel-device').hidden = !d.device_changed;
    $('panel-locked').hidden = !d.locked;

    const live = LIVE.indexOf(st) >= 0;
    const enable = {
      pause: st === 'in_progress',
      resume: st === 'paused',
      extend: live,
      release: d.status !== 'belum_hadir',
      unlock: true, // also for a room's address cap, which no tile can show
      finish: st === 'in_progress' || st === 'paused',
      void: live,
      incident: true,
    };
    document.querySelectorAll('#panel-seat [data-action]').forEach((button) => {
      const action = button.getAttribute('data-action');
      button.disabled = !enable[action] || state.sending;
      button.classList.toggle('chosen', state.action === action);
    });
    // Jeda or Lanjutkan, whichever applies.
    document.querySelector('[data-action="pause"]').hidden = st === 'paused';
    document.querySelector('[data-action="resume"]').hidden = st !== 'paused';
  }

  /* ---------- the action form ---------- */

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
    if (action === 'outage') $('action-to').value = zoneInputValue(serverNow());
    const confirm = $('action-confirm');
    confirm.textContent = spec.confirm;
    confirm.classList.toggle('btn-danger', !!spec.danger);
    confirm.classList.toggle('btn-primary', !spec.danger);
    $('action-form').hidden = false;
    hideMessage();
    validate();
    if (state.mode === 'seat') renderPanelSeat();
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
    if (state.mode === 'seat') renderPanelSeat();
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
    if (mode === 'seat') renderPanelSeat();
    $('action-confirm').textContent = 'Mengirim…';
    const r = await request('POST', req.url, req.body);
    state.sending = false;
    $('action-confirm').textContent = ACTIONS[action].confirm;
    if (!r.ok) {
      showMessage(errorText(r), 'error');
      validate();
      if (mode === 'seat') renderPanelSeat();
      return;
    }
    const seatAnswer = mode === 'seat' && action !== 'incident'; // these answer with the seat
    if (seatAnswer && r.data && state.seats[String(r.data.candidate_id)]) {
      updateSeat(r.data, performance.now()); // the seat as the action left it, before the poll
      applyFilters();
    }
    showMessage(doneText(action, mode, target, req.body, r.data), 'ok');
    resetForm();
    refreshNow();
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

  /* ---------- wiring ---------- */

  function wire() {
    $('seats').addEventListener('click', (event) => {
      const tile = event.target.closest('.seat');
      if (tile) openSeat(tile.getAttribute('data-cid'), tile);
    });
    document.querySelectorAll('[data-room-action]').forEach((button) => {
      button.addEventListener('click', () => openRoom(button.getAttribute('data-room-action'), button));
    });
    $('panel-seat').addEventListener('click', (event) => {
      const button = event.target.closest('[data-action]');
      if (button && !button.disabled) {
        chooseAction(button.getAttribute('data-action'));
        firstField().focus();
      }
    });
    $('panel-close').addEventListener('click', closePanel);
    $('action-cancel').addEventListener('click', () => {
      if (state.sending) return;
      if (state.mode === 'room') closePanel();
      else resetForm();
    });
    $('action-form').addEventListener('submit', submit);
    $('action-form').addEventListener('input', validate);
    $('action-form').addEventListener('change', validate);
    document.querySelectorAll('[data-filter-status]').forEach((chip) => {
      chip.addEventListener('click', () => {
        const key = chip.getAttribute('data-filter-status');
        state.statuses[key] = !state.statuses[key];
        chip.setAttribute('aria-pressed', state.statuses[key] ? 'true' : 'false');
        applyFilters();
      });
    });
    $('filter-text').addEventListener('input', (event) => {
      state.text = event.target.value;
      applyFilters();
    });
    $('compact-toggle').addEventListener('click', () => {
      setCompact(!root.classList.contains('compact'));
    });
    $('filter-attention').addEventListener('change', (event) => {
      state.attention = event.target.checked;
      applyFilters();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !$('action-panel').hidden) closePanel();
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) refreshNow();
    });
    window.addEventListener('online', refreshNow);
    setInterval(tick, 250);
  }

  /* ---------- compact mode, kept per device ---------- */

  function setCompact(on) {
    root.classList.toggle('compact', on);
    document.body.classList.toggle('proctor-compact', on);
    $('compact-toggle').setAttribute('aria-pressed', on ? 'true' : 'false');
    try {
      if (on) window.localStorage.setItem(COMPACT_KEY, '1');
      else window.localStorage.removeItem(COMPACT_KEY);
    } catch (e) { /* storage refused (private mode): the toggle still works for this page */ }
  }

  function storedCompact() {
    try {
      return window.localStorage.getItem(COMPACT_KEY) === '1';
    } catch (e) {
      return false;
    }
  }

  function wirePrintButton() {
    const button = document.getElementById('print-button');
    if (button) button.addEventListener('click', () => window.print());
  }

  setCompact(storedCompact());
  wire();
  tick();
  poll();
})();
