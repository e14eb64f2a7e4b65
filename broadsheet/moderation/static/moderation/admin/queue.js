/*
 * Keyboard moderation for the comment queue (moderation/admin/queue.html).
 *
 * j / k  next / previous comment          x  select for a bulk action
 * ?      help (Esc closes)
 * Each action form of a row names its own key (data-queue-key, from the actions registry:
 * a approve, r reject, s spam, u return to pending). An action that needs a reason focuses
 * its reason list, and Enter there submits.
 *
 * Keys are ignored while typing in a field. Every action is the row's own POST form, so the
 * page works the same without this file. Before a form is sent, the current row index is kept
 * in sessionStorage; after the redirect the same index is selected again, which is the next
 * comment, since the one decided on has left the list.
 */
(() => {
  "use strict";

  const list = document.querySelector("[data-queue]");
  const help = document.querySelector("[data-queue-help]");
  const helpButton = document.querySelector("[data-queue-help-open]");
  const FOCUS_KEY = "broadsheet:comment-queue:focus";
  const here = () => window.location.pathname + window.location.search;
  let current = -1;

  function openHelp() {
    if (help && !help.open) {
      help.showModal();
    }
  }

  if (helpButton) {
    helpButton.addEventListener("click", openHelp);
  }

  const rows = () => (list ? Array.from(list.querySelectorAll("[data-queue-row]")) : []);

  function select(index) {
    const all = rows();
    if (!all.length) {
      return;
    }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => {
      row.classList.toggle("is-current", i === current);
      if (i === current) {
        row.setAttribute("aria-current", "true");
      } else {
        row.removeAttribute("aria-current");
      }
    });
    all[current].focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  }

  function remember(index) {
    try {
      window.sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ url: here(), index }));
    } catch {
      // Storage may be unavailable (private mode, quota); the queue still works.
    }
  }

  function restore() {
    let saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(FOCUS_KEY) || "null");
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch {
      saved = null;
    }
    if (saved && saved.url === here() && Number.isInteger(saved.index)) {
      select(saved.index);
    }
  }

  function keyedForm(row, key) {
    return Array.from(row.querySelectorAll("form[data-queue-key]")).find(
      (form) => form.dataset.queueKey === key,
    );
  }

  function send(form) {
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function toggleCheck(row) {
    const box = row.querySelector("[data-queue-check]");
    if (box) {
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  const NOT_TYPED = new Set(["checkbox", "radio", "button", "submit", "reset", "image"]);

  function isTyping(target) {
    if (!(target instanceof Element)) {
      return false;
    }
    if (target.isContentEditable || target.closest("textarea, select")) {
      return true;
    }
    return target instanceof HTMLInputElement && !NOT_TYPED.has(target.type);
  }

  // --- bulk selection ---------------------------------------------------------------------
  const selectAll = document.querySelector("[data-queue-select-all]");
  const checks = () => (list ? Array.from(list.querySelectorAll("[data-queue-check]")) : []);

  function syncSelectAll() {
    if (!selectAll) {
      return;
    }
    const all = checks();
    const ticked = all.filter((box) => box.checked).length;
    selectAll.checked = all.length > 0 && ticked === all.length;
    selectAll.indeterminate = ticked > 0 && ticked < all.length;
  }

  if (selectAll) {
    selectAll.addEventListener("change", () => {
      checks().forEach((box) => {
        box.checked = selectAll.checked;
      });
    });
  }

  if (!list) {
    return;
  }

  list.addEventListener("change", (event) => {
    if (event.target.matches("[data-queue-check]")) {
      syncSelectAll();
    }
  });

  // Whatever sends a form (mouse or key), come back to the same place.
  document.addEventListener("submit", (event) => {
    const row = event.target.closest("[data-queue-row]");
    if (row) {
      remember(rows().indexOf(row));
    } else if (event.target.matches("[data-queue-bulk]")) {
      remember(Math.max(current, 0));
    }
  });

  // A click in a row makes it the current one.
  list.addEventListener("focusin", (event) => {
    const row = event.target.closest("[data-queue-row]");
    const index = rows().indexOf(row);
    if (row && index !== current) {
      rows().forEach((other, i) => other.classList.toggle("is-current", i === index));
      current = index;
    }
  });

  const keysOn = list.dataset.queueKeys !== "off";

  function onKey(event) {
    if (!keysOn || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const target = event.target;
    const inReason = target instanceof Element && target.matches("[data-queue-reason]");
    if (inReason && event.key === "Enter") {
      event.preventDefault();
      send(target.form);
      return;
    }
    if (inReason && event.key === "Escape") {
      event.preventDefault();
      select(current);
      return;
    }
    if ((help && help.open) || isTyping(target)) {
      return;
    }
    const row = rows()[current];
    switch (event.key) {
      case "j":
        select(current + 1);
        break;
      case "k":
        select(current <= 0 ? 0 : current - 1);
        break;
      case "x":
        if (row) {
          toggleCheck(row);
        }
        break;
      case "?":
        openHelp();
        break;
      default: {
        const form = row && keyedForm(row, event.key);
        if (!form) {
          return;
        }
        const reason = form.querySelector("[data-queue-reason]");
        if (reason) {
          reason.focus();
        } else {
          send(form);
        }
      }
    }
    event.preventDefault();
    // Handled here: Wagtail's own shortcuts (its "?" dialog) should not see this key too.
    event.stopPropagation();
  }

  // Capture on window: runs before the admin's document-level shortcut listeners.
  window.addEventListener("keydown", onKey, true);
  restore();
})();
