/*
 * Forms marked data-inline="REGION-ID" are sent in the background: the server answers as it
 * does without JavaScript (it saves and redirects back), and the element REGION-ID of the page
 * it redirects to replaces the same element here, so the page need not reload. The message the
 * server gave is read out through the #inline-status live region, and focus moves to the
 * element named by data-inline-focus. If anything is unexpected, the form is sent the ordinary
 * way instead.
 */
(function () {
  "use strict";

  function fallBack(form) {
    form.removeAttribute("data-inline");
    HTMLFormElement.prototype.submit.call(form);
  }

  function announce(doc) {
    var live = document.getElementById("inline-status");
    if (!live) {
      return;
    }
    var messages = doc.querySelector(".messages");
    var text = messages ? messages.textContent.replace(/\s+/g, " ").trim() : "";
    live.textContent = text;
    live.classList.toggle("is-visible", text !== "");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-inline")) {
      return;
    }
    if (!window.fetch || !window.DOMParser) {
      return;
    }
    event.preventDefault();
    var regionId = form.getAttribute("data-inline");
    var focusId = form.getAttribute("data-inline-focus");
    var buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach(function (button) { button.disabled = true; });
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || !response.redirected) {
          throw new Error("unexpected answer");
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(regionId);
        var current = document.getElementById(regionId);
        if (!fresh || !current) {
          throw new Error("region missing");
        }
        current.replaceWith(fresh);
        announce(doc);
        var target = focusId && document.getElementById(focusId);
        if (target) {
          target.focus();
        }
      })
      .catch(function () {
        buttons.forEach(function (button) { button.disabled = false; });
        fallBack(form);
      });
  });
})();
