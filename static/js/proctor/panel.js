/* Proctor's room view, the side panel: one seat's details and the actions it allows, or the
 * room's actions; focus goes back where it came from when the panel closes.
 */
(function (P) {
  'use strict';

  const { $, STATUS, LIVE, cfg, state } = P;

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
    P.resetForm();
    P.hideMessage();
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
    P.hideMessage();
    P.chooseAction(action);
    showPanel();
  }

  function showPanel() {
    const panel = $('action-panel');
    panel.hidden = false;
    document.body.classList.add('panel-open');
    const first = state.action ? P.firstField() : panel;
    first.focus();
  }

  function closePanel() {
    if (state.sending) return;
    $('action-panel').hidden = true;
    document.body.classList.remove('panel-open');
    markSelected(null);
    state.mode = null;
    state.cid = null;
    P.resetForm();
    const opener = state.opener;
    state.opener = null;
    if (opener && document.contains(opener)) opener.focus();
  }

  function markSelected(id) {
    Object.keys(state.seats).forEach((key) => {
      const tile = state.seats[key].tile;
      const on = key === id;
      tile.classList.toggle('selected', on);
      P.setAttr(tile, 'aria-expanded', on ? 'true' : 'false');
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
    P.setText(badge, STATUS[d.status] || d.status);
    badge.className = 'badge status-' + d.status;
    P.setText($('panel-test'), a ? (a.title || a.test_code) + ' (' + P.testState(a).toLowerCase() + ')'
      : 'Belum ada');
    P.setText($('panel-answered'), a ? a.answered + ' dari ' + a.total + ' soal' : '–');
    P.setText($('panel-remaining'), P.remainingText(seat));
    P.setText($('panel-extension'), a && a.extension_seconds
      ? Math.round(a.extension_seconds / 60) + ' menit' : 'tidak ada');
    P.setText($('panel-focus'), (Number(d.focus_lost) || 0) + ' kali');
    P.setText($('panel-address'), d.address || '–');
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

  Object.assign(P, { closePanel, openRoom, openSeat, renderPanelSeat });
})(window.Proctor);
