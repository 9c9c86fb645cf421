/* Uploads with a drop zone and a progress bar, for any form with the attribute data-upload.

   Without JavaScript such a form is a plain multipart form: its file input and submit button post it and
   the server answers with a redirect back to the page. This script only adds to that:

   - the form is a drop zone: a file dropped onto it goes into its (first) file input and the form is sent,
     if it is otherwise complete; keyboard users keep the input itself;
   - a file larger than data-max-bytes (bytes) is refused before it is sent, with the form's
     data-too-large message, shown in its [data-upload-message] element (one is made if missing);
   - the form is sent by XMLHttpRequest, and a <progress> element in the form (one is made if missing)
     follows the upload;
   - the server's answer is shown as the page: after a redirect, the page it redirected to (with its new
     version and messages — the redirected request already read them, so the answer is shown rather than
     loaded again), and an error (a refused file, 413, 403…) as the error page it is.

   Other attributes read: data-failed (the message when the connection is lost); [data-upload-hint]
   elements in the form are shown once the drop zone works. No dependencies. */
(function () {
  "use strict";

  function message(form, text) {
    var box = form.querySelector("[data-upload-message]");
    if (!box) {
      box = document.createElement("p");
      box.setAttribute("data-upload-message", "");
      box.setAttribute("role", "alert");
      box.className = "error";
      form.appendChild(box);
    }
    box.textContent = text || "";
    box.hidden = !text;
  }

  function progressOf(form) {
    var progress = form.querySelector("progress");
    if (!progress) {
      progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      form.appendChild(progress);
    }
    return progress;
  }

  // The chosen file that is over the form's limit, if any.
  function tooLarge(form) {
    var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
    if (!limit) return null;
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      var files = inputs[i].files || [];
      for (var j = 0; j < files.length; j++) {
        if (files[j].size > limit) return files[j];
      }
    }
    return null;
  }

  // Replace the whole document with an answer from the server (a page of the product), at its URL.
  function show(html, url) {
    if (url && url !== window.location.href && window.history.replaceState) {
      window.history.replaceState(null, "", url);
    }
    document.open();
    document.write(html);
    document.close();
  }

  function send(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var progress = progressOf(form);
    var buttons = form.querySelectorAll("button, input[type=submit]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        progress.max = event.total;
        progress.value = event.loaded;
      }
    };
    xhr.onload = function () {
      show(xhr.responseText, xhr.status < 400 ? xhr.responseURL : null);
    };
    xhr.onerror = function () {
      progress.hidden = true;
      form.removeAttribute("aria-busy");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
      message(form, form.getAttribute("data-failed") || "The upload failed. Try again.");
    };
    message(form, "");
    progress.removeAttribute("value"); // indeterminate until the first progress event
    progress.hidden = false;
    form.setAttribute("aria-busy", "true");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    xhr.send(data);
  }

  function enhance(form) {
    if (form.hasAttribute("data-upload-ready")) return;
    form.setAttribute("data-upload-ready", "");
    var input = form.querySelector("input[type=file]");

    // Say at once when the chosen file is too large, before anything is sent.
    form.addEventListener("change", function () {
      var file = tooLarge(form);
      message(form, file ? form.getAttribute("data-too-large") || "This file is too large." : "");
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (tooLarge(form)) {
        message(form, form.getAttribute("data-too-large") || "This file is too large.");
        if (input) input.focus();
        return;
      }
      send(form, event.submitter);
    });

    // The drop zone: highlighted while a file is dragged over it.
    form.addEventListener("dragover", function (event) {
      event.preventDefault();
      form.classList.add("dragging");
    });
    form.addEventListener("dragleave", function (event) {
      if (!form.contains(event.relatedTarget)) form.classList.remove("dragging");
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      form.classList.remove("dragging");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!input || !files || !files.length) return;
      if (files.length > 1 && !input.multiple && window.DataTransfer) {
        var first = new DataTransfer(); // a single-file input takes the first file dropped
        first.items.add(files[0]);
        files = first.files;
      }
      input.files = files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      if (form.checkValidity()) form.requestSubmit();
      else form.reportValidity();
    });

    var hints = form.querySelectorAll("[data-upload-hint]");
    for (var i = 0; i < hints.length; i++) hints[i].hidden = false;
  }

  function start() {
    var forms = document.querySelectorAll("form[data-upload]");
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
