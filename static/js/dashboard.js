/* The admin's live dashboard: poll /admin/dasbor.json and update the numbers in place.
 *
 * One request at a time (setTimeout chaining), none while the tab is hidden, one at once
 * when it shows again; backs off after failures (http.js). Plain ES2017, no build step.
 */
(function () {
  'use strict';

  const root = document.getElementById('dashboard');
  if (!root) return;

  const URL_ = root.getAttribute('data-url');
  const POLL_MS = Math.max(200, Number(root.getAttribute('data-poll-ms')) || 2000);
  const ZONE = root.getAttribute('data-timezone') || undefined;
  const ZONE_LABEL = root.getAttribute('data-timezone-label') || '';
  const REQUEST_TIMEOUT_MS = 10000;
  // Session status code -> label, from the server (vocabulary/statuses.py) via the page.
  const STATUS = JSON.parse(document.getElementById('statuses').textContent).session;
  const stateLine = document.getElementById('dash-state');
  const updated = document.getElementById('dash-updated');
  const note = document.getElementById('dash-note');
  const liveNotice = document.getElementById('live-notice');
  let timer = null;
  let inflight = false;
  let failures = 0;

  // "HH:MM WITA", as the server's local_time filter writes a time (id-ID would give 16.30).
  function localTime(when) {
    const options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE };
    let parts;
    try {
      parts = new Intl.DateTimeFormat('en-GB', options).formatToParts(when);
    } catch (e) { // an unknown zone name: the browser's own
      delete options.timeZone;
      parts = new Intl.DateTimeFormat('en-GB', options).formatToParts(when);
    }
    const part = (type) => parts.find((p) => p.type === type).value;
    return (part('hour') + ':' + part('minute') + ' ' + ZONE_LABEL).trim();
  }

  function setText(scope, field, value) {
    const el = scope.querySelector('[data-field="' + field + '"]');
    if (el && el.textContent !== String(value)) el.textContent = String(value);
    return el;
  }

  function updateRow(row, data) {
    // The page's own cells name their counts (one per seat status, from the server).
    row.querySelectorAll('[data-count]').forEach((cell) => {
      const value = String(data.counts[cell.getAttribute('data-count')] || 0);
      if (cell.textContent !== value) cell.textContent = value;
    });
    const bar = row.querySelector('[data-field="bar"]');
    if (bar) {
      bar.setAttribute('aria-valuenow', String(data.percent));
      bar.firstElementChild.style.width = data.percent + '%';
    }
    setText(row, 'progress', data.answered + ' / ' + data.total + ' soal (' + data.percent + '%)');
  }

  function render(data) {
    let unknown = false;
    data.sessions.forEach((s) => {
      const card = root.querySelector('[data-session="' + CSS.escape(s.code) + '"]');
      if (!card) { unknown = true; return; }
      const badge = setText(card, 'status', STATUS[s.status] || s.status);
      if (badge) badge.className = 'badge badge-' + s.status;
      card.querySelector('[data-field="token-box"]').hidden = !s.token;
      setText(card, 'token', s.token || '');
      s.rooms.forEach((r) => {
        const row = card.querySelector('tr[data-room="' + CSS.escape(r.code) + '"]');
        if (row) updateRow(row, r); else unknown = true;
      });
      updateRow(card.querySelector('tr[data-room=""]'), s);
    });
    const when = new Date(Date.parse(data.server_time));
    updated.textContent = isNaN(when) ? data.server_time : localTime(when);
    stateLine.classList.toggle('stale', unknown);
    note.textContent = unknown ? 'Ada sesi atau ruang baru: muat ulang halaman untuk melihatnya.' : '';
    liveNotice.hidden = !data.live_notice;
    liveNotice.textContent = data.live_notice || '';
  }

  // The data, or null when it could not be had (a login page after a redirect is no JSON).
  async function fetchData() {
    const r = await Http.request('GET', URL_, null, null, REQUEST_TIMEOUT_MS);
    return r.ok ? r.data : null;
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  async function poll() {
    timer = null;
    if (inflight || document.hidden) return;
    inflight = true;
    const data = await fetchData();
    inflight = false;
    if (data) {
      failures = 0;
      stateLine.classList.remove('stale');
      render(data);
    } else {
      failures += 1;
      stateLine.classList.add('stale');
      note.textContent = 'Gagal memuat data terbaru; mencoba lagi.';
    }
    if (document.hidden) return;
    schedule(Http.pollDelay(POLL_MS, failures));
  }

  // The bars' widths come from their aria-valuenow: the page carries no style attributes
  // (the Content-Security-Policy refuses them); CSSOM writes are allowed.
  root.querySelectorAll('[data-field="bar"]').forEach((bar) => {
    bar.firstElementChild.style.width = (Number(bar.getAttribute('aria-valuenow')) || 0) + '%';
  });

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && !inflight) schedule(0);
  });
  window.addEventListener('online', () => { if (!inflight) schedule(0); });
  schedule(POLL_MS);
})();
