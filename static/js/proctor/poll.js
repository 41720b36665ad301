/* Proctor's room view, polling: one request at a time through http.js, backing off after
 * failures, and saying plainly when the connection is lost.
 */
(function (P) {
  'use strict';

  const { $, REQUEST_TIMEOUT_MS, cfg, state } = P;

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
      state.lastUpdate = P.serverNow();
      setConnection(null);
      P.render(r.data);
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

  Object.assign(P, { errorText, poll, refreshNow, request });
})(window.Proctor);
