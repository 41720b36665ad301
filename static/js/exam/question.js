/* Exam page, the question view: one question, its options (chosen by click or by the letter
 * shown), the grid of numbers and the answered count, all drawn from the acknowledged answers
 * and the queue.
 */
(function (E) {
  'use strict';

  const { LETTERS, $, state } = E;

  function inputBlocked() {
    return !state.attempt || state.closed || state.paused || state.busy;
  }

  function currentItem() {
    return state.attempt.items[state.index];
  }

  function goTo(index) {
    const items = state.attempt.items;
    if (index < 0 || index >= items.length || index === state.index) return;
    state.index = index;
    E.writeStore('pos', index);
    renderQuestion();
    $('grid-panel').classList.remove('open'); // on a phone the grid folds away again
    $('grid-toggle').setAttribute('aria-expanded', 'false');
    window.scrollTo(0, 0);
    E.heartbeatSoon();
  }

  function choose(position) {
    const item = currentItem();
    const option = item.options[position];
    if (!option || inputBlocked()) return;
    const now = E.effective(item.id);
    if (now.choice === option.key) return; // no change, nothing to send
    E.change(item.id, option.key, now.flagged);
  }

  function renderQuestion() {
    const item = currentItem();
    $('question-number').textContent = 'Soal ' + (state.index + 1) + ' dari ' + state.attempt.items.length;
    $('question-stem').textContent = item.stem; // CSS keeps the line breaks
    const box = $('options');
    box.textContent = '';
    item.options.forEach((option, position) => {
      const letter = LETTERS.charAt(position);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'option';
      button.setAttribute('role', 'radio');
      button.setAttribute('data-testid', 'option-' + letter);
      button.setAttribute('data-key', option.key); // the stable key; the label is positional
      button.setAttribute('data-position', String(position));
      const label = document.createElement('span');
      label.className = 'option-letter';
      label.textContent = letter;
      const text = document.createElement('span');
      text.className = 'option-text';
      text.textContent = option.text;
      button.appendChild(label);
      button.appendChild(text);
      box.appendChild(button);
    });
    $('q-scroll').scrollTop = 0;
    renderState();
    window.ExamView.updateMoreHint();
  }

  // Update everything that depends on answers, flags and the queue (cheap; called often).
  function renderState() {
    if (!state.attempt || !state.attempt.items.length) return;
    const item = currentItem();
    const now = E.effective(item.id);
    Array.prototype.forEach.call($('options').children, (button) => {
      const selected = button.getAttribute('data-key') === now.choice;
      button.setAttribute('aria-checked', selected ? 'true' : 'false');
      button.classList.toggle('selected', selected);
    });
    $('flag-toggle').setAttribute('aria-pressed', now.flagged ? 'true' : 'false');
    $('flag-badge').hidden = !now.flagged;
    $('clear-answer').disabled = !now.choice;
    $('prev-button').disabled = state.index === 0;
    $('next-button').disabled = state.index === state.attempt.items.length - 1;
    $('save-status').textContent = saveStatus(item.id, now);
    $('save-status').className = 'save-status' + (now.pending ? ' pending' : ' saved');
    renderGrid();
    renderProgress();
    if (state.dialogOpen) E.renderFinishPending();
  }

  // Counts what the server acknowledged, so it moves after each acknowledged save.
  function renderProgress() {
    const items = state.attempt.items;
    const answered = items.filter((item) => state.answers[item.id]).length;
    window.ExamView.showProgress(answered, items.length);
  }

  function saveStatus(itemId, now) {
    if (now.pending) return 'Menyimpan…';
    if (now.choice || now.flagged || state.saved[itemId]) return 'Tersimpan';
    return '';
  }

  function buildGrid() {
    const grid = $('grid');
    grid.textContent = '';
    // Five columns up to 50 items (9-10 rows fit beside the question), wider beyond.
    const columns = Math.max(5, Math.ceil(state.attempt.items.length / 10));
    grid.style.setProperty('--grid-columns', String(columns));
    state.attempt.items.forEach((item, index) => {
      const cell = document.createElement('button');
      cell.type = 'button';
      cell.className = 'grid-item';
      cell.textContent = String(index + 1);
      cell.setAttribute('data-testid', 'grid-item-' + (index + 1));
      cell.setAttribute('data-index', String(index));
      grid.appendChild(cell);
    });
  }

  function renderGrid() {
    Array.prototype.forEach.call($('grid').children, (cell, index) => {
      const now = E.effective(state.attempt.items[index].id);
      const words = ['Soal ' + (index + 1), now.choice ? 'sudah dijawab' : 'belum dijawab'];
      if (now.flagged) words.push('ragu-ragu');
      if (now.pending) words.push('sedang dikirim');
      cell.setAttribute('data-state', now.choice ? 'answered' : 'unanswered');
      cell.setAttribute('data-flagged', now.flagged ? 'true' : 'false');
      cell.setAttribute('data-pending', now.pending ? 'true' : 'false');
      cell.setAttribute('aria-label', words.join(', '));
      if (index === state.index) cell.setAttribute('aria-current', 'true');
      else cell.removeAttribute('aria-current');
    });
  }

  Object.assign(E, {
    buildGrid,
    choose,
    currentItem,
    goTo,
    inputBlocked,
    renderQuestion,
    renderState,
  });
})(window.Exam);
