(function () {
  var url = document.querySelector('[data-exit-url]');
  if (!url) return;
  url = url.getAttribute('data-exit-url');
  function leave(e) {
    if (e) e.preventDefault();
    document.body.innerHTML = '';
    document.title = 'Exiting';
    window.location.replace(url);
  }
  var links = document.querySelectorAll('[data-exit-this-page]');
  for (var i = 0; i < links.length; i++) links[i].addEventListener('click', leave);
  var presses = 0, timer;
  document.addEventListener('keyup', function (e) {
    if (e.key !== 'Shift') { presses = 0; return; }
    presses++;
    clearTimeout(timer);
    if (presses >= 3) { presses = 0; leave(); return; }
    timer = setTimeout(function () { presses = 0; }, 5000);
  });
})();
