// The chat page without reloads: send with fetch, follow replies with server-sent events.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.querySelector(".chat");
    var list = document.getElementById("transcript");
    var form = document.getElementById("chat-form");
    var text = document.getElementById("text");
    var count = document.getElementById("count");
    if (!main || !list || !form) return;
    var token = main.dataset.token;
    function scroll() { window.scrollTo(0, document.body.scrollHeight); }
    function refresh() {
      return fetch(list.dataset.src, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var before = list.querySelectorAll("li.theirs").length;
          list.innerHTML = html;
          var status = document.getElementById("live-status");
          if (status && list.querySelectorAll("li.theirs").length > before) status.textContent = status.dataset["new"];
          scroll();
        });
    }
    var source = null;
    function follow() {
      // One stream per page: open it unless one is open or reconnecting (a closed one, after an error, is replaced).
      if (!window.EventSource || (source && source.readyState !== 2)) return;
      source = new EventSource("/chat/" + token + "/events");
      source.addEventListener("message", refresh);
    }
    text.addEventListener("input", function () {
      count.textContent = text.value.length ? text.value.length + " / " + text.maxLength : "";
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = new URLSearchParams(new FormData(form));
      fetch(form.action, {method: "POST", credentials: "same-origin", body: body,
          headers: {"Accept": "application/json"}})
        .then(function (r) {
          if (r.ok) {
            text.value = ""; count.textContent = "";
            form.querySelector("[name=nonce]").value = Math.random().toString(36).slice(2) + Date.now().toString(36);
            var old = form.parentNode.querySelector(".error"); if (old) old.remove();
            return refresh().then(follow);
          }
          return r.json().then(function (err) {
            var p = form.parentNode.querySelector(".error") || document.createElement("p");
            p.className = "error"; p.setAttribute("role", "alert"); p.textContent = err.message;
            form.parentNode.insertBefore(p, form);
          });
        })
        .catch(function () { form.submit(); });
    });
    scroll();
    if (list.children.length) follow();
  });
})();
