// Keyboard for people who work a queue all day: j/k move, Enter opens, / searches,
// c logs a contact, p records a promise, n adds a note, ? lists the keys.
(function () {
  function typing(e) {
    const t = e.target;
    return t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
  }
  function items() { return Array.from(document.querySelectorAll("[data-nav-item]")); }
  function select(i) {
    const all = items();
    if (!all.length) return;
    i = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((el, n) => el.classList.toggle("selected", n === i));
    all[i].scrollIntoView({ block: "nearest" });
    all[i].dataset.index = i;
    document.body.dataset.selected = i;
  }
  function current() { return parseInt(document.body.dataset.selected || "-1", 10); }
  function focus(selector) {
    const el = document.querySelector(selector);
    if (el) { el.scrollIntoView({ block: "center" }); el.focus(); }
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape" && typing(e)) { e.target.blur(); return; }
    if (typing(e)) return;
    const keys = {
      "j": () => select(current() + 1),
      "k": () => select(current() - 1),
      "Enter": () => { const el = items()[current()]; const a = el && el.querySelector("a"); if (a) a.click(); },
      "/": () => focus("[data-search]"),
      "c": () => focus("#contact-form select, #contact-form input"),
      "p": () => focus("#promise-form input"),
      "n": () => focus("#note-form textarea"),
      "a": () => focus("#assist-text"),
      "?": () => {
        const h = document.getElementById("keys-help");
        if (!h) return;
        h.hidden = !h.hidden;
        if (!h.hidden) h.scrollIntoView({ block: "nearest" });
      },
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  document.addEventListener("htmx:afterSwap", function () { if (current() >= 0) select(current()); });

  // After a submit, what came of it (the "done" line, or the first field in error) is
  // brought into view: the form may sit far below the line that answers it.
  function showResult() {
    const error = document.querySelector(".errorlist, [data-testid=error]");
    const target = error || document.querySelector("[data-testid=done]");
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    if (error) {
      const field = error.closest("label") && error.closest("label").querySelector("input, select, textarea");
      if (field) field.focus({ preventScroll: true });
    }
  }
  document.addEventListener("htmx:afterSettle", showResult);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showResult);
  else showResult();
})();
