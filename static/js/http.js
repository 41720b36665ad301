/* The one fetch wrapper of the exam, proctor and dashboard pages: JSON in and out, the CSRF
 * header on every write, a timeout, and a result that never throws.
 *
 * A result is {ok, status, data, code, network}: `ok` only for a 2xx with a JSON body, `code`
 * the API's error code, `network` when the app itself could not be reached (no answer, or a
 * gateway's 502/503/504). What a page does with a 401 or a refused CSRF token stays with the
 * page. Plain ES2017, no modules, no build step: loaded before the page's own scripts.
 */
(function () {
  'use strict';

  const GATEWAY = [502, 503, 504];
  const BACKOFF_MAX_MS = 15000;

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // One request. `csrf` is the token for a write; `timeoutMs` aborts a request that hangs.
  async function request(method, url, payload, csrf, timeoutMs) {
    const options = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method !== 'GET') {
      options.headers['Content-Type'] = 'application/json';
      options.headers['X-CSRF-Token'] = csrf;
      options.body = JSON.stringify(payload || {});
    }
    const controller = window.AbortController ? new AbortController() : null;
    const timer = controller && setTimeout(() => controller.abort(), timeoutMs);
    if (controller) options.signal = controller.signal;
    let response = null;
    let data = null;
    try {
      response = await fetch(url, options);
      data = await response.json().catch(() => null);
    } catch (e) {
      response = null;
    }
    clearTimeout(timer);
    const status = response ? response.status : 0;
    return {
      ok: !!response && response.ok && data !== null,
      status: status,
      data: data,
      code: data && data.error ? data.error.code : null,
      network: !response || GATEWAY.indexOf(status) >= 0,
    };
  }

  // A failure worth repeating as it is: no network, an overloaded or failing server.
  function transient(r) {
    return r.network || r.status >= 500 || r.status === 429;
  }

  // Repeat `send()` while it fails for transient reasons, waiting 1, 2, 4 ... 15 s between.
  async function patiently(send, onWait) {
    let delay = 1000;
    for (;;) {
      const r = await send();
      if (!transient(r)) return r;
      if (onWait) onWait();
      await sleep(delay);
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
    }
  }

  // The wait before the next poll after `failures` failures in a row (none: the usual pace).
  function pollDelay(pollMs, failures) {
    if (!failures) return pollMs;
    return Math.min(Math.max(pollMs, 1000) * Math.pow(2, failures - 1), BACKOFF_MAX_MS);
  }

  window.Http = {
    request: request,
    transient: transient,
    patiently: patiently,
    pollDelay: pollDelay,
    sleep: sleep,
    BACKOFF_MAX_MS: BACKOFF_MAX_MS,
  };
})();
