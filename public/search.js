// Site search with Pagefind's static index. The page works without this file:
// the form still submits and the page lists the sections to browse instead.
(function () {
  'use strict';
  var form = document.querySelector('[data-search-form]');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !status || !list) return;
  document.querySelector('[data-search-fallback]').hidden = true;
  var q = (new URLSearchParams(window.location.search).get('q') || '').trim().slice(0, 200);
  form.elements.q.value = q;
  if (!q) return;
  document.title = q + ' - ' + document.title;

  // Pagefind's excerpts are text with <mark> around matches. Parse them inert
  // and copy only text and marks, so nothing else from the index reaches the page.
  function excerpt(html) {
    var p = document.createElement('p');
    var nodes = new DOMParser().parseFromString(html, 'text/html').body.childNodes;
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (n.nodeName === 'MARK') {
        var m = document.createElement('mark');
        m.textContent = n.textContent;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(n.textContent || ''));
      }
    }
    return p;
  }

  function show(results) {
    var n = results.length;
    status.textContent =
      n === 0
        ? 'No results for ' + q + '. Try another word, or browse the sections below.'
        : n + (n === 1 ? ' result' : ' results') + ' for ' + q;
    results.forEach(function (r) {
      var li = document.createElement('li');
      var h = document.createElement('h2');
      var a = document.createElement('a');
      a.href = r.url;
      a.textContent = (r.meta && r.meta.title) || r.url;
      h.appendChild(a);
      li.appendChild(h);
      li.appendChild(excerpt(r.excerpt || ''));
      list.appendChild(li);
    });
  }

  status.textContent = 'Searching…';
  import('/pagefind/pagefind.js')
    .then(function (pagefind) {
      return pagefind.search(q);
    })
    .then(function (search) {
      return Promise.all(
        search.results.slice(0, 20).map(function (r) {
          return r.data();
        }),
      );
    })
    .then(show, function () {
      status.textContent = 'Search is not working right now. Browse the sections below instead.';
    });
})();
