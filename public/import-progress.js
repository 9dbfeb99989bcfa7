/*
 * Upload progress for the officer import form. Without this script the form
 * posts normally; with it, the file is sent with XMLHttpRequest so the
 * officer sees how much has been sent, then the server's answer (the preview
 * or the error) replaces the page, exactly as the plain form would show it.
 */
(function () {
  'use strict';
  var form = document.querySelector('form[data-upload-progress]');
  var box = document.getElementById('upload-progress');
  if (!form || !box || !window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
  var bar = document.getElementById('upload-progress-bar');
  var text = document.getElementById('upload-progress-text');

  function show(percent, message) {
    bar.value = percent;
    text.textContent = message || percent + '%';
  }

  function replacePage(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    var target = document.querySelector('.error-summary') || document.querySelector('h1');
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
    }
  }

  form.addEventListener('submit', function (event) {
    var input = form.querySelector('input[type="file"]');
    // Let the server answer an empty form with its own error summary.
    if (!input || !input.files || input.files.length === 0) return;
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    box.hidden = false;
    show(0);

    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) show(Math.round((e.loaded / e.total) * 100));
    });
    xhr.upload.addEventListener('load', function () {
      show(100, '100%: checking the file…');
    });
    xhr.addEventListener('load', function () {
      replacePage(xhr.responseText);
    });
    xhr.addEventListener('error', function () {
      // The connection failed part-way: fall back to the plain form post.
      form.submit();
    });
    xhr.send(new FormData(form));
  });
})();
