/* Exam page, finishing: the dialog that lists unanswered and flagged questions, waits for the
 * queue, and finishes the test.
 */
(function (E) {
  'use strict';

  const { $, state } = E;

  function openFinishDialog() {
    if (E.inputBlocked()) return;
    const items = state.attempt.items;
    const unanswered = [];
    const flagged = [];
    items.forEach((item, index) => {
      const now = E.effective(item.id);
      if (!now.choice) unanswered.push(index);
      if (now.flagged) flagged.push(index);
    });
    fillNumberList($('finish-unanswered'), 'Belum dijawab', unanswered,
      'Semua soal sudah dijawab.');
    fillNumberList($('finish-flagged'), 'Ragu-ragu', flagged, '');
    $('finish-error').hidden = true;
    state.dialogOpen = true;
    renderFinishPending();
    $('finish-dialog').hidden = false;
    $('finish-cancel').focus();
  }

  function fillNumberList(box, heading, indexes, emptyText) {
    box.textContent = '';
    if (!indexes.length) {
      if (emptyText) box.appendChild(paragraph(emptyText));
      return;
    }
    box.appendChild(paragraph(heading + ' (' + indexes.length + ' soal):'));
    const list = document.createElement('div');
    list.className = 'number-list';
    indexes.forEach((index) => {
      const link = document.createElement('button');
      link.type = 'button';
      link.className = 'number-link';
      link.textContent = String(index + 1);
      link.setAttribute('aria-label', 'Buka soal ' + (index + 1));
      link.setAttribute('data-index', String(index));
      list.appendChild(link);
    });
    box.appendChild(list);
  }

  function paragraph(text) {
    const p = document.createElement('p');
    p.textContent = text;
    return p;
  }

  // Confirming waits for the queue; "tetap selesai" appears only with a plain warning.
  function renderFinishPending() {
    const pending = E.queueSize();
    const box = $('finish-pending');
    box.hidden = pending === 0;
    box.textContent = pending
      ? pending + ' jawaban masih dikirim ke server. Tunggu sampai semua tersimpan. ' +
        'Jika Anda tetap selesai sekarang, jawaban yang belum terkirim tidak dinilai.'
      : '';
    $('finish-confirm').disabled = pending > 0 || state.busy;
    $('finish-force').hidden = pending === 0;
    $('finish-force').disabled = state.busy;
  }

  function closeFinishDialog() {
    state.dialogOpen = false;
    $('finish-dialog').hidden = true;
  }

  async function confirmFinish(force) {
    const attempt = state.attempt;
    if (!attempt || state.closed || state.busy) return;
    state.busy = true;
    renderFinishPending();
    $('finish-error').hidden = true;
    if (!force && !(await E.flushQueue(15000))) return finishFailed('Masih ada jawaban yang belum terkirim. Coba lagi.');
    const r = await E.api('POST', '/attempts/' + attempt.id + '/finish', {});
    if (attempt !== state.attempt || state.closed) return;
    if (r.ok) return E.attemptOver(r.data, false);
    if (r.status === 409) return E.reloadAttempt().then(() => finishFailed(E.errorText(r)));
    if (r.status === 401) return;
    finishFailed(r.network ? 'Gagal menghubungi server. Periksa koneksi lalu coba lagi.' : E.errorText(r));
  }

  function finishFailed(text) {
    state.busy = false;
    $('finish-error').textContent = text;
    $('finish-error').hidden = false;
    renderFinishPending();
  }

  Object.assign(E, { closeFinishDialog, confirmFinish, openFinishDialog, renderFinishPending });
})(window.Exam);
