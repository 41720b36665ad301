/* The print button of the session record (berita acara): prints the page as it stands. */
(function () {
  'use strict';

  function wirePrintButton() {
    const button = document.getElementById('print-button');
    if (button) button.addEventListener('click', () => window.print());
  }

  wirePrintButton();
})();
