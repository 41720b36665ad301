/* The candidate exam page: instructions, one question at a time, saving, timer, finish.
 *
 * Rules the exam scripts live by (see CONTRACT §4):
 * - Nothing is shown as saved until the server acknowledged it (exam/saving.js).
 * - The server's clock is the only clock (exam/clock.js).
 * One concern per script, loaded in this order by templates/exam/exam.html: http.js,
 * exam-view.js, exam/state.js (this file: the settings and the one state object, shared as
 * window.Exam), exam/api.js, saving.js, clock.js, signal.js, question.js, finish.js,
 * screens.js, flow.js, and exam.js, which wires the page and starts it. Each adds its
 * functions to window.Exam; they call each other through it only once the page runs.
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

  window.Exam = {
    body: body,
    API: API,
    LOGIN_URL: LOGIN_URL,
    HEARTBEAT_MS: HEARTBEAT_MS,
    POSITION_MS: POSITION_MS,
    SIGNAL_MS: SIGNAL_MS,
    REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS,
    WARN_AT: WARN_AT,
    LETTERS: LETTERS,
    OVER: OVER,
    $: $,
    state: state,
    sleep: Http.sleep,
  };
})();
