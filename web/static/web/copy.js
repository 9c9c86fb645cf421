/* A Copy button beside a read-only field, for any button with the attribute data-copy (the id of its input).

   Without JavaScript the button stays hidden and the input is an ordinary read-only field, selectable and
   copyable by hand. This script shows the button; a click copies the input's value to the clipboard and says
   so in the element named by data-status (a live region): data-copied once copied, data-failed when the
   browser refuses. Focusing the input selects its whole value. No dependencies. */
(function () {
  "use strict";

  function say(button, attribute) {
    var status = document.getElementById(button.getAttribute("data-status"));
    if (status) status.textContent = button.getAttribute(attribute) || "";
  }

  // The older way, for a browser without the asynchronous clipboard (or one refusing it outside HTTPS).
  function copySelected(button, input) {
    input.focus();
    input.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    say(button, copied ? "data-copied" : "data-failed");
  }

  function copy(button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(
        function () { say(button, "data-copied"); },
        function () { copySelected(button, input); }
      );
    } else {
      copySelected(button, input);
    }
  }

  function enhance() {
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var input = document.getElementById(button.getAttribute("data-copy"));
      if (!input) continue;
      input.addEventListener("focus", function () { this.select(); });
      button.addEventListener("click", function () { copy(this); });
      button.hidden = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
