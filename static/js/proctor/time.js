/* Proctor's room view, time: the exam zone's clock and input values, the server's clock
 * (its offset measured at each poll), and short durations.
 */
(function (P) {
  'use strict';

  const { cfg, state } = P;

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

  Object.assign(P, { ago, mmss, serverNow, zoneClock, zoneInputValue });
})(window.Proctor);
