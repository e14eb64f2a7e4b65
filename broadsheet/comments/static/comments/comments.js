// The comment form: live "Characters Left", tokens fetched per reader, submit without reload.
// Without this script the form still works: it posts, and the server answers with a page.
// Messages come from the catalogue script loaded before this one (/comments/jsi18n/<language>/, Django's
// JavaScriptCatalog); if it failed to load, they are shown in English.
(function () {
  "use strict";

  var gettext = typeof window.gettext === "function" ? window.gettext : function (s) { return s; };

  function field(form, name) { return form.querySelector('[name="' + name + '"]'); }

  function setHidden(form, name, value) {
    var input = field(form, name);
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function fetchTokens(form) {
    return fetch(form.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error("token"); } return r.json(); })
      .then(function (data) {
        setHidden(form, "csrfmiddlewaretoken", data.csrf_token);
        setHidden(form, "form_token", data.form_token);
        setHidden(form, "idempotency_key", data.idempotency_key);
        form.dataset.ready = "1";
        return data;
      });
  }

  function updateCounter(form) {
    var textarea = field(form, "text");
    var counter = form.querySelector("[data-counter]");
    if (!textarea || !counter) { return; }
    var max = parseInt(counter.dataset.max, 10);
    // Same unit as the textarea's maxlength, so the count reaches 0 exactly where typing stops.
    counter.textContent = String(Math.max(0, max - textarea.value.length));
  }

  function showError(form, message) {
    var box = form.querySelector("[data-form-error]");
    box.textContent = message;
    box.hidden = !message;
  }

  function showNotice(form) {
    var notice = document.getElementById("comment-notice");
    if (!notice) {
      window.location.href = form.dataset.articleUrl + "?comment=received#comment-notice";
      return;
    }
    notice.hidden = false;
    notice.focus();
  }

  function payload(form) {
    var data = {};
    ["author_name", "author_email", "text", "parent", "notice_version", "form_token",
     "idempotency_key", "website"].forEach(function (name) {
      var input = field(form, name);
      data[name] = input ? input.value : "";
    });
    return data;
  }

  function setReply(form, parentId) {
    field(form, "parent").value = parentId || "";
    form.querySelector("[data-replying]").hidden = !parentId;
  }

  function submit(form, event) {
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    showError(form, "");
    button.disabled = true;
    var ready = form.dataset.ready ? Promise.resolve() : fetchTokens(form);
    ready.then(function () {
      return fetch(form.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json",
                   "X-CSRFToken": field(form, "csrfmiddlewaretoken").value },
        body: JSON.stringify(payload(form))
      });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 202) {
          field(form, "text").value = "";
          setReply(form, "");
          updateCounter(form);
          form.dataset.ready = "";
          showNotice(form);
          return fetchTokens(form);
        }
        var error = body.error || {};
        showError(form, error.message || gettext("Your comment could not be sent. Please try again."));
        if (error.code === "form_expired" || error.code === "form_token_invalid" ||
            error.code === "csrf_failed" || error.code === "idempotency_conflict" ||
            error.code === "form_token_used") {
          form.dataset.ready = "";
          return fetchTokens(form);
        }
      });
    }).catch(function () {
      // The same idempotency key is kept, so sending again cannot store the comment twice.
      showError(form, gettext("We could not reach the server. Please try again."));
    }).then(function () { button.disabled = false; });
  }

  document.querySelectorAll("form.comment-form").forEach(function (form) {
    var textarea = field(form, "text");
    textarea.addEventListener("input", function () { updateCounter(form); });
    updateCounter(form);
    form.addEventListener("submit", function (event) { submit(form, event); });
    fetchTokens(form).catch(function () { form.dataset.ready = ""; });
    var cancel = form.querySelector("[data-cancel-reply]");
    if (cancel) { cancel.addEventListener("click", function () { setReply(form, ""); }); }
    document.querySelectorAll("[data-reply]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        setReply(form, link.dataset.reply);
        textarea.focus();
      });
    });
  });
})();
