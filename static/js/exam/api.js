/* Exam page, talking to the API: one request through http.js, with what the exam page adds:
 * the offline banner, a 401 sends the candidate to the login page (the localStorage queue
 * stays, so answers are re-sent after logging in again), a stale CSRF token is refreshed once
 * and the request repeated.
 */
(function (E) {
  'use strict';

  const { API, LOGIN_URL, REQUEST_TIMEOUT_MS, $, state } = E;

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

  function errorText(r) {
    if (r.data && r.data.error) return r.data.error.message;
    return 'Terjadi kesalahan (' + r.status + '). Hubungi pengawas.';
  }

  Object.assign(E, { api, apiPatiently, errorText, refreshMe });
})(window.Exam);
