// Small behaviours of our pages, bound by data attributes instead of inline handlers: the
// Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) runs no inline script, no
// onclick= and no eval. Listeners sit on the document, so content HTMX swaps in later is
// covered without binding again.
(function () {
  // <select data-autosubmit>: choosing submits its form (the language on the sign-in page).
  document.addEventListener("change", function (e) {
    const el = e.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });

  // <input type=checkbox data-check-all="NAME">: ticks or clears every checkbox NAME.
  document.addEventListener("change", function (e) {
    const el = e.target;
    if (!el.matches || !el.matches("input[type=checkbox][data-check-all]")) return;
    const name = el.dataset.checkAll;
    document.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.name === name) box.checked = el.checked;
    });
  });

  // <select data-corrects="LABEL">: sets its form's "corrected" to 1 when the collector picks
  // another reaction than the one the classifier heard.
  document.addEventListener("change", function (e) {
    const el = e.target;
    if (!el.matches || !el.matches("select[data-corrects]") || !el.form) return;
    const flag = el.form.elements.namedItem("corrected");
    if (flag) flag.value = el.value === el.dataset.corrects ? "0" : "1";
  });

  // <button data-fill-promise data-amount=.. data-date=..>: copies the promise the call panel
  // heard into the contact form.
  document.addEventListener("click", function (e) {
    const el = e.target.closest && e.target.closest("[data-fill-promise]");
    if (!el) return;
    const amount = document.getElementById("promise-amount");
    const date = document.getElementById("promise-date");
    const outcome = document.querySelector("[data-testid=outcome]");
    if (amount) amount.value = el.dataset.amount || "";
    if (date) date.value = el.dataset.date || "";
    if (outcome) outcome.value = "promise_to_pay";
    if (amount) amount.focus();
  });

  // <a data-back>: back to the page the user came from, where what they typed still is.
  document.addEventListener("click", function (e) {
    const el = e.target.closest && e.target.closest("a[data-back]");
    if (el && window.history.length > 1) { e.preventDefault(); window.history.back(); }
  });

  // An HTMX request the server refused (4xx/5xx) swaps nothing by default: say so in the
  // page's error line, with the server's own message where the answer carries one
  // ([data-request-error]); as text, never as HTML.
  document.addEventListener("htmx:responseError", function (e) {
    const box = document.getElementById("request-error");
    if (!box) return;
    let message = box.dataset.generic || "";
    const xhr = e.detail && e.detail.xhr;
    if (xhr && xhr.responseText) {
      const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      const said = doc.querySelector("[data-request-error]");
      if (said && said.textContent.trim()) message = said.textContent.trim();
    }
    box.textContent = message;
    box.hidden = false;
  });
  document.addEventListener("htmx:beforeRequest", function () {
    const box = document.getElementById("request-error");
    if (box) { box.hidden = true; box.textContent = ""; }
  });
})();
