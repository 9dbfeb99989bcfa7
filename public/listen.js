/* "Listen": reads the current course section aloud with the browser's own speech synthesis.
   No outside service. The button stays hidden where speech synthesis is not available. */
(function () {
  if (!('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return;
  var buttons = document.querySelectorAll('[data-listen]');
  for (var i = 0; i < buttons.length; i++) setUp(buttons[i]);

  function setUp(button) {
    var target = document.getElementById(button.getAttribute('data-listen'));
    if (!target) return;
    var label = button.textContent;
    button.hidden = false;

    function reset() {
      button.textContent = label;
    }

    button.addEventListener('click', function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        reset();
        return;
      }
      var utterance = new SpeechSynthesisUtterance(target.innerText || target.textContent);
      utterance.lang = document.documentElement.lang || 'en-GB';
      utterance.rate = 0.9;
      utterance.onend = reset;
      utterance.onerror = reset;
      button.textContent = 'Stop reading';
      window.speechSynthesis.speak(utterance);
    });
    window.addEventListener('pagehide', function () {
      window.speechSynthesis.cancel();
    });
  }
})();
