/* Exam page, the screens around the questions: instructions and Mulai, the closing page with
 * the receipts, Keluar, messages and the busy overlay.
 */
(function (E) {
  'use strict';

  const { body, LOGIN_URL, OVER, $, state } = E;

  function showScreen(name) {
    ['loading', 'instructions', 'question', 'transition', 'closing', 'message'].forEach((s) => {
      $('screen-' + s).hidden = s !== name;
    });
    // On a desktop screen the question view fills the window exactly: no page scroll.
    body.classList.toggle('shell', name === 'question');
    if (name !== 'question' && name !== 'instructions') E.watch(null);
    if (name !== 'question') {
      $('timer').hidden = true;
      $('time-warning').hidden = true;
    }
    window.scrollTo(0, 0);
  }

  function showMessage(text) {
    $('message-text').textContent = text;
    showScreen('message');
  }

  function showInstructions(a) {
    const position = state.attempts.findIndex((x) => x.id === a.id) + 1;
    $('instr-position').textContent =
      state.attempts.length > 1 ? 'Tes ' + position + ' dari ' + state.attempts.length : '';
    $('instr-title').textContent = a.title;
    $('test-title').textContent = a.title;
    $('instr-duration').textContent = durationText(a.remaining_seconds);
    $('start-error').hidden = true;
    $('start-button').disabled = false;
    $('start-button').textContent = 'Mulai';
    $('start-button').setAttribute('data-attempt', a.id);
    showScreen('instructions');
    // No focus() on Mulai: it would scroll past the instructions.
    E.watch(a.id); // a proctor may void it, extend it or close the session meanwhile
  }

  function durationText(secs) {
    return 'Waktu pengerjaan: ' + formatDuration(secs) + '.';
  }

  function formatDuration(secs) {
    const minutes = Math.floor(secs / 60);
    const rest = secs % 60;
    const parts = [];
    if (minutes) parts.push(minutes + ' menit');
    if (rest || !minutes) parts.push(rest + ' detik');
    return parts.join(' ');
  }

  async function startAttempt() {
    const button = $('start-button');
    const id = button.getAttribute('data-attempt');
    button.disabled = true;
    button.textContent = 'Memulai…';
    // Everyone presses Mulai at once: start is idempotent, so retrying is safe.
    const r = await E.apiPatiently('POST', '/attempts/' + id + '/start', {}, () => {
      button.textContent = 'Menghubungi server…';
    });
    if (r.ok && OVER.indexOf(r.data.status) < 0) return E.enterAttempt(r.data);
    if (r.status === 401) return;
    $('start-error').textContent = E.errorText(r);
    $('start-error').hidden = false;
    button.disabled = false;
    button.textContent = 'Mulai';
  }

  async function showClosing(sessionClosed) {
    showScreen('closing');
    $('closing-session').hidden = !sessionClosed;
    $('closing-done').hidden = !!sessionClosed;
    $('closing-ended').hidden = !sessionClosed;
    $('logout-error').hidden = true;
    $('test-title').textContent = '';
    const list = $('closing-list');
    list.textContent = '';
    let receipts = 0;
    for (const a of state.attempts) {
      const li = document.createElement('li');
      const title = document.createElement('strong');
      title.textContent = a.title;
      li.appendChild(title);
      const line = await closingLine(a);
      li.appendChild(document.createTextNode(': ' + line.text));
      if (line.receipt) {
        receipts += 1;
        const code = document.createElement('strong');
        code.className = 'receipt-code';
        code.setAttribute('data-testid', 'receipt-code');
        code.textContent = line.receipt;
        li.appendChild(document.createTextNode(' Kode tanda terima: '));
        li.appendChild(code);
      }
      list.appendChild(li);
    }
    $('closing-receipt-note').hidden = receipts === 0;
  }

  // "Terjawab X dari Y soal" and the answer receipt of a finished test, never a score.
  async function closingLine(a) {
    if (a.status === 'voided') return { text: 'dibatalkan oleh pengawas (tidak dinilai).' };
    if (a.status === 'ready') return { text: 'tidak dikerjakan.' };
    const known = state.results[a.id];
    if (known && known.receipt) return { text: E.countLine(a, known), receipt: known.receipt };
    const r = await E.api('GET', '/attempts/' + a.id);
    if (!r.ok) return { text: known ? E.countLine(a, known) : 'selesai.' };
    return { text: E.countLine(r.data, known), receipt: r.data.receipt };
  }

  // Keluar: end this candidate's session so that the next candidate finds the login form.
  async function logout() {
    $('logout-button').disabled = true;
    const r = await E.api('POST', '/candidate/logout', {});
    if (r.ok || r.status === 401) {
      state.closed = true;
      window.location.replace(LOGIN_URL + '?keluar=1');
      return;
    }
    $('logout-button').disabled = false;
    $('logout-error').textContent = r.network
      ? 'Gagal menghubungi server. Coba lagi.' : E.errorText(r);
    $('logout-error').hidden = false;
  }

  function showBusy(text) {
    $('busy-text').textContent = text;
    $('busy-overlay').hidden = false;
    $('busy-overlay').focus();
  }

  function hideBusy() {
    $('busy-overlay').hidden = true;
  }

  Object.assign(E, {
    durationText,
    hideBusy,
    logout,
    showBusy,
    showClosing,
    showInstructions,
    showMessage,
    showScreen,
    startAttempt,
  });
})(window.Exam);
