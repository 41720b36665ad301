/* Proctor's room view, the seats: one tile per candidate, built once and updated in place,
 * the counts per status, the countdowns between polls, and the filters.
 */
(function (P) {
  'use strict';

  const { $, WORDS, STATUS, ATTEMPT, FOCUS_ALERT, state } = P;

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
      if (state.cid === id) P.closePanel();
    });
    placeInOrder(order);
    state.loaded = true;
    applyFilters();
    if (state.mode === 'seat') P.renderPanelSeat();
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
    return P.mmss(secs);
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
          : 'Terakhir aktif ' + P.ago(base + Math.floor((now - seat.seenAt) / 1000));
        setText(seat.refs.seen, text);
      }
    });
    setText($('clock'), P.zoneClock(P.serverNow()));
    if (state.lastUpdate !== null) {
      setText($('last-updated'), 'Diperbarui ' + P.zoneClock(state.lastUpdate));
    }
    if (state.mode === 'seat' && state.seats[state.cid]) {
      setText($('panel-remaining'), remainingText(state.seats[state.cid]));
    }
  }

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

  Object.assign(P, {
    applyFilters,
    remainingText,
    render,
    setAttr,
    setText,
    testState,
    tick,
    updateSeat,
  });
})(window.Proctor);
