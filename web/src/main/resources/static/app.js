// Switchboard UI: progressive enhancement only. Without this file every page still works with plain forms.
(function () {
  "use strict";
  function refresh(id) {
    var el = document.getElementById(id);
    if (!el || !el.dataset.src) return Promise.resolve();
    return fetch(el.dataset.src, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var stick = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        var before = el.children.length;
        el.innerHTML = html;
        if (id === "messages") {
          if (stick) el.scrollTop = el.scrollHeight;
          announce(el.children.length > before);
        }
      });
  }
  // The list is replaced whole; a separate status line tells screen readers that something new arrived.
  function announce(changed) {
    var status = document.getElementById("live-status");
    if (changed && status) { status.textContent = ""; status.textContent = status.dataset["new"]; }
  }
  function conversationId() {
    var c = document.querySelector(".conversation");
    return c ? Number(c.dataset.conversation) : 0;
  }
  var pending = {};
  function soon(id) {
    if (pending[id]) return;
    pending[id] = setTimeout(function () { pending[id] = null; refresh(id); }, 150);
  }
  function live() {
    if (!window.EventSource || !document.getElementById("conversation-list")) return;
    var source = new EventSource("/api/v1/events");
    ["message", "status", "conversation"].forEach(function (kind) {
      source.addEventListener(kind, function (e) {
        var data = JSON.parse(e.data);
        soon("conversation-list");
        if (data.conversationId === conversationId()) soon("messages");
      });
    });
    // A channel went down or came back: swap the warning banners in place (never reload: a reply may be half-typed).
    source.addEventListener("health", function () { soon("warnings"); });
  }
  function counter() {
    var text = document.getElementById("reply-text");
    var count = document.getElementById("reply-count");
    if (!text || !count) return;
    var max = Number(text.dataset.max);
    function update() { count.textContent = text.value.length ? text.value.length + " / " + max : ""; }
    text.addEventListener("input", update);
    text.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); text.form.requestSubmit(); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var messages = document.getElementById("messages");
    if (messages) messages.scrollTop = messages.scrollHeight;
    counter();
    live();
  });
})();
