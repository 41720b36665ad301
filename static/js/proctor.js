/* The proctor's live room view, wired: clicks, keys, filters, compact mode, and the start.
 * The rest lives in static/js/proctor/ (see proctor/state.js for the order and the rules).
 */
(function (P) {
  'use strict';

  const { $, root, COMPACT_KEY, state } = P;

  function wire() {
    $('seats').addEventListener('click', (event) => {
      const tile = event.target.closest('.seat');
      if (tile) P.openSeat(tile.getAttribute('data-cid'), tile);
    });
    document.querySelectorAll('[data-room-action]').forEach((button) => {
      button.addEventListener('click', () => P.openRoom(button.getAttribute('data-room-action'), button));
    });
    $('panel-seat').addEventListener('click', (event) => {
      const button = event.target.closest('[data-action]');
      if (button && !button.disabled) {
        P.chooseAction(button.getAttribute('data-action'));
        P.firstField().focus();
      }
    });
    $('panel-close').addEventListener('click', P.closePanel);
    $('action-cancel').addEventListener('click', () => {
      if (state.sending) return;
      if (state.mode === 'room') P.closePanel();
      else P.resetForm();
    });
    $('action-form').addEventListener('submit', P.submit);
    $('action-form').addEventListener('input', P.validate);
    $('action-form').addEventListener('change', P.validate);
    document.querySelectorAll('[data-filter-status]').forEach((chip) => {
      chip.addEventListener('click', () => {
        const key = chip.getAttribute('data-filter-status');
        state.statuses[key] = !state.statuses[key];
        chip.setAttribute('aria-pressed', state.statuses[key] ? 'true' : 'false');
        P.applyFilters();
      });
    });
    $('filter-text').addEventListener('input', (event) => {
      state.text = event.target.value;
      P.applyFilters();
    });
    $('compact-toggle').addEventListener('click', () => {
      setCompact(!root.classList.contains('compact'));
    });
    $('filter-attention').addEventListener('change', (event) => {
      state.attention = event.target.checked;
      P.applyFilters();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !$('action-panel').hidden) P.closePanel();
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) P.refreshNow();
    });
    window.addEventListener('online', P.refreshNow);
    setInterval(P.tick, 250);
  }

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

  setCompact(storedCompact());
  wire();
  P.tick();
  P.poll();
})(window.Proctor);
