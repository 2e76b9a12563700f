// The "Văn bản trích từ bản gốc" panel: while the server reads the attached
// original, ask for the panel's content every few seconds and show it.
(function () {
  "use strict";
  var DELAY_MS = 4000;
  function poll(box) {
    var url = box.getAttribute("data-status-url");
    if (!url) return;
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("[data-original-text]");
          if (!fresh) return;
          box.replaceWith(fresh);
          poll(fresh);
        })
        .catch(function () { poll(box); });
    }, DELAY_MS);
  }
  function start() {
    document.querySelectorAll("[data-original-text][data-status-url]").forEach(poll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
