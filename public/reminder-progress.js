/*
 * Keeps a reminder campaign's progress page current. Without this script the
 * page is correct when loaded and on every reload; with it, the figures are
 * fetched every two seconds until nothing is waiting, and the letters link
 * appears once the PDF is made.
 */
(function () {
  'use strict';
  var table = document.querySelector('[data-progress-url]');
  var url = table ? table.getAttribute('data-progress-url') : null;
  if (!url || !window.fetch) return;
  var state = document.querySelector('[data-progress-state]');

  function update(data) {
    Object.keys(data.figures).forEach(function (key) {
      var cell = document.querySelector('[data-progress="' + key + '"]');
      if (cell) cell.textContent = data.figures[key].toLocaleString('en-GB');
    });
    var pending = document.querySelector('[data-letters-pending]');
    var ready = document.querySelector('[data-letters-ready]');
    if (pending && ready) {
      pending.hidden = data.lettersReady;
      ready.hidden = !data.lettersReady;
    }
    if (data.finished && state) state.textContent = 'Finished: nothing is waiting to be sent.';
    return data.finished && (data.lettersReady || !ready);
  }

  function poll() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (!update(data)) window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, 2000);
})();
