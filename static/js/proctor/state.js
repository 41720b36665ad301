/* The proctor's live room view: its settings, status words and the one state object, shared
 * as window.Proctor by the scripts of static/js/proctor/.
 *
 * Rules the room view lives by (see docs/api.md):
 * - One poll at a time: the next request is scheduled only when the last one has answered
 *   (setTimeout chaining), none while the tab is hidden, one at once when it shows again.
 * - Tiles are built once per candidate and then only their texts and attributes change, so
 *   focus, scroll position and an open panel survive every poll.
 * - The server's numbers win: the countdown between polls starts again from each
 *   `remaining_seconds`, and stands still while the attempt is paused.
 * - No action without a reason; the API's own message is shown when it refuses.
 * One concern per script, loaded (deferred) in this order by templates/proctor/room.html:
 * http.js, proctor/state.js (this file), time.js, poll.js, seats.js, panel.js, actions.js,
 * and proctor.js, which wires the page and starts it. Each adds its functions to
 * window.Proctor; they call each other through it only once the page runs.
 * Plain ES2017, no modules, no build step (the same as the exam page).
 */
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const root = $('live');

  const REQUEST_TIMEOUT_MS = 10000;
  // Every status word comes from the server (vocabulary/statuses.py), embedded in the page.
  const WORDS = JSON.parse($('status-words').textContent);
  const STATUS = WORDS.seat; // seat status code -> label
  const ATTEMPT = WORDS.test; // test state code -> label
  const FOCUS_ALERT = Number(WORDS.focus_alert) || 3;
  const COMPACT_KEY = 'pengawas.tampilanRingkas'; // per device: this browser's localStorage
  const LIVE = ['ready', 'in_progress', 'paused']; // attempts an action can still change

  function offsetMinutes(text) {
    const m = /^([+-])(\d\d):?(\d\d)$/.exec(text);
    if (!m) return 480;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  }

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

  window.Proctor = {
    $: $,
    root: root,
    REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS,
    WORDS: WORDS,
    STATUS: STATUS,
    ATTEMPT: ATTEMPT,
    FOCUS_ALERT: FOCUS_ALERT,
    COMPACT_KEY: COMPACT_KEY,
    LIVE: LIVE,
    cfg: cfg,
    roomPath: roomPath,
    state: state,
  };
})();
