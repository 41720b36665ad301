/* Candidate login for the exam page: NIP, PIN and session token, posted as JSON.
   Plain ES2017 without modules so that old exam-room browsers run it as is. */
(function () {
  'use strict';

  var FALLBACK = {
    400: 'Data yang diisi belum lengkap atau tidak sesuai.',
    401: 'NIP, PIN, atau token sesi salah. Periksa kembali kartu peserta Anda.',
    403: 'Sesi ujian Anda belum dibuka. Tunggu aba-aba dari pengawas.',
    409: 'NIP ini sudah aktif di perangkat lain. Hubungi pengawas.',
    429: 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.'
  };

  var form = document.getElementById('login-form');
  var nip = document.getElementById('nip');
  var pin = document.getElementById('pin');
  var token = document.getElementById('token');
  var submit = document.getElementById('login-submit');
  var errorBox = document.getElementById('login-error');
  var body = document.body;

  function showError(text, field) {
    errorBox.textContent = text;
    errorBox.hidden = false;
    if (field) field.focus();
  }

  // Upper-case the token as it is typed, keeping the caret where the candidate put it.
  token.addEventListener('input', function () {
    var start = token.selectionStart;
    var end = token.selectionEnd;
    var upper = token.value.toUpperCase();
    if (upper !== token.value) {
      token.value = upper;
      try { token.setSelectionRange(start, end); } catch (e) { /* not focusable yet */ }
    }
  });

  function readForm() {
    return {
      nip: nip.value.replace(/\s+/g, ''),
      pin: pin.value.replace(/\s+/g, ''),
      session_token: token.value.replace(/\s+/g, '').toUpperCase()
    };
  }

  // Catch obvious typing mistakes before asking the server (which checks everything again).
  function checkForm(data) {
    if (!/^\d{18}$/.test(data.nip)) {
      showError('NIP harus terdiri dari 18 angka.', nip);
      return false;
    }
    if (!/^\d+$/.test(data.pin)) {
      showError('PIN wajib diisi dan hanya berisi angka.', pin);
      return false;
    }
    if (!data.session_token) {
      showError('Token sesi wajib diisi. Token diumumkan oleh pengawas.', token);
      return false;
    }
    return true;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  async function login(data) {
    var response;
    try {
      response = await fetch(body.getAttribute('data-api') + '/candidate/login', {
        method: 'POST',
        credentials: 'same-origin', // old Chromium defaults to omitting cookies
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify(data)
      });
    } catch (e) {
      showError('Tidak dapat terhubung ke server. Periksa jaringan, lalu coba lagi.');
      return false;
    }
    if (response.ok) {
      window.location.href = body.getAttribute('data-exam-url');
      return true;
    }
    var payload = null;
    try { payload = await response.json(); } catch (e) { /* not JSON: use the fallback */ }
    var message = payload && payload.error && payload.error.message;
    showError(message || FALLBACK[response.status] ||
      'Terjadi kesalahan pada server. Coba lagi sebentar lagi.');
    return false;
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    var data = readForm();
    if (!checkForm(data)) return;
    submit.disabled = true;
    submit.textContent = 'Memproses…';
    var leaving = false;
    try {
      leaving = await login(data);
    } finally {
      if (!leaving) { // keep the button disabled while the exam page loads
        submit.disabled = false;
        submit.textContent = 'Masuk';
      }
    }
  });
}());
