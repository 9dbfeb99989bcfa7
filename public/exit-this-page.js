(function () {
  var box = document.querySelector('[data-exit-url]');
  if (!box) return;
  var say = box.querySelector('[role=status]'),
    hint = box.querySelector('[hidden]');
  var n = 0,
    mod = false,
    timer;
  if (hint) hint.hidden = false;
  function leave(e) {
    if (e) e.preventDefault();
    // Blank the page now: a slow network would leave it on screen.
    document.body.hidden = true;
    location.replace(box.getAttribute('data-exit-url'));
  }
  function reset() {
    n = 0;
    clearTimeout(timer);
    say.textContent = 'Exit this page expired.';
  }
  box.querySelector('a').addEventListener('click', leave);
  // Shift as a modifier (Shift+A) also ends in a Shift keyup: skip it.
  document.addEventListener(
    'keyup',
    function (e) {
      if (e.key === 'Shift' && !mod) {
        if (++n > 2) return leave();
        say.textContent = 'Shift, press ' + (3 - n) + ' more time' + (n < 2 ? 's' : '') + ' to exit.';
        clearTimeout(timer);
        timer = setTimeout(reset, 5000);
      } else if (n) reset();
      mod = e.shiftKey;
    },
    true,
  );
})();
