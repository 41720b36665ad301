/* Printable login cards: the print button (without script there is none, only the
 * browser's own Print). */
(function () {
  'use strict';
  var button = document.getElementById('print-cards');
  if (!button) return;
  button.hidden = false;
  button.addEventListener('click', function () { window.print(); });
})();
