// Move focus to the error summary when a form comes back with errors, so screen readers hear it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

// A table wider than the screen scrolls inside its wrapper; a keyboard user must be able to reach
// it (WCAG 2.1.1). Templates mark the wide ones; this catches any that turn out wide on a small
// screen, also after htmx swaps in new rows.
function focusableScrollers(root) {
  root.querySelectorAll(".lg-table-wrap:not([tabindex])").forEach((wrap) => {
    if (wrap.scrollWidth <= wrap.clientWidth) return;
    const caption = wrap.querySelector("caption");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    if (caption) wrap.setAttribute("aria-label", caption.textContent.trim());
  });
}
document.addEventListener("DOMContentLoaded", () => focusableScrollers(document));
document.addEventListener("htmx:afterSettle", (event) => focusableScrollers(event.target));
