// Move focus to the error summary when a form comes back with errors, so screen readers hear it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

// ---------------------------------------------------------------------------- tables
// Every .ds-table sits in a wrapper that scrolls sideways when the table is wider than the screen, so
// that the page itself never does. A wrapper that scrolls must be reachable by keyboard (WCAG 2.1.1)
// and named: it becomes a focusable region, named by the table's caption or its section's heading.
// Templates may wrap and mark a table themselves; that is left as it is. Also after htmx swaps in rows,
// and again when the screen turns.
const scrollers = typeof ResizeObserver === "function" ? new ResizeObserver((entries) => {
  entries.forEach((entry) => markScroller(entry.target));
}) : null;

function tableName(wrap) {
  const caption = wrap.querySelector("caption");
  if (caption && caption.textContent.trim()) {
    if (!caption.id) caption.id = `lg-caption-${Math.random().toString(36).slice(2, 10)}`;
    return { labelledby: caption.id };
  }
  const section = wrap.closest("section, article, .ds-card, details, main");
  const heading = section && section.querySelector("h1, h2, h3, h4, h5, h6, summary");
  if (heading && heading.textContent.trim()) return { label: heading.textContent.trim() };
  return { label: document.body.dataset.tableLabel || "" };
}

function markScroller(wrap) {
  shade(wrap);
  if (wrap.dataset.lgScroll === undefined) return; // marked by its template
  const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
  if (scrolls && wrap.dataset.lgScroll !== "on") {
    const name = tableName(wrap);
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    if (name.labelledby) wrap.setAttribute("aria-labelledby", name.labelledby);
    else if (name.label) wrap.setAttribute("aria-label", name.label);
    wrap.dataset.lgScroll = "on";
  } else if (!scrolls && wrap.dataset.lgScroll === "on") {
    ["tabindex", "role", "aria-label", "aria-labelledby"].forEach((a) => wrap.removeAttribute(a));
    wrap.dataset.lgScroll = "off";
  }
}

// The frame around a wrapper shades the side (left or right, whatever the direction of the text) on
// which part of the table is out of sight.
function shade(wrap) {
  const frameEl = wrap.parentElement;
  if (!frameEl || !frameEl.classList.contains("lg-scroll")) return;
  const hidden = wrap.scrollWidth - wrap.clientWidth;
  const pos = Math.abs(wrap.scrollLeft);
  const rtl = getComputedStyle(wrap).direction === "rtl";
  const towardsStart = pos > 1;
  const towardsEnd = hidden - pos > 1;
  const more = [];
  if (rtl ? towardsEnd : towardsStart) more.push("left");
  if (rtl ? towardsStart : towardsEnd) more.push("right");
  frameEl.dataset.more = more.join(" ");
}

function frame(wrap) {
  if (!wrap.parentElement.classList.contains("lg-scroll")) {
    const made = document.createElement("div");
    made.className = "lg-scroll";
    wrap.replaceWith(made);
    made.appendChild(wrap);
    wrap.addEventListener("scroll", () => shade(wrap), { passive: true });
  }
  shade(wrap);
}

function wrapTables(root) {
  const scope = root.querySelectorAll ? root : document;
  const tables = [...scope.querySelectorAll("table.ds-table")];
  if (root.matches && root.matches("table.ds-table")) tables.push(root);
  const wraps = new Set(scope.querySelectorAll(".lg-table-wrap"));
  tables.forEach((table) => {
    if (table.parentElement.classList.contains("lg-table-wrap")) {
      wraps.add(table.parentElement);
      return;
    }
    const made = document.createElement("div");
    made.className = "lg-table-wrap";
    table.replaceWith(made);
    made.appendChild(table);
    wraps.add(made);
  });
  wraps.forEach((wrap) => {
    frame(wrap);
    if (wrap.hasAttribute("tabindex") && wrap.dataset.lgScroll === undefined) return;
    if (wrap.dataset.lgScroll === undefined) wrap.dataset.lgScroll = "off";
    markScroller(wrap);
    if (scrollers) scrollers.observe(wrap);
  });
}
document.addEventListener("DOMContentLoaded", () => wrapTables(document));
document.addEventListener("htmx:afterSettle", (event) => wrapTables(event.target));

// ---------------------------------------------------------------------------- the main menu
// base.html's menu is plain <details>, usable without JavaScript. This closes what is left open: one
// theme's dropdown when another opens, on a click elsewhere and on Escape (focus back to its button),
// and the phone's menu on Escape or a click outside it. A browser that cannot show a closed <details>'
// content from CSS gets the menu opened on a wide screen.
document.addEventListener("DOMContentLoaded", () => {
  const menu = document.querySelector("[data-menu]");
  if (!menu) return;
  const wide = window.matchMedia("(min-width: 64rem)");
  const groups = [...menu.querySelectorAll("[data-menu-group]")];
  let cssShowsMenu = false;
  try {
    cssShowsMenu = CSS.supports("selector(::details-content)");
  } catch {
    cssShowsMenu = false;
  }
  if (!cssShowsMenu) {
    const follow = () => { menu.open = wide.matches; };
    follow();
    wide.addEventListener("change", follow);
  }
  const closeGroups = (except) => groups.forEach((g) => { if (g !== except) g.open = false; });
  groups.forEach((group) => {
    group.addEventListener("toggle", () => { if (group.open && wide.matches) closeGroups(group); });
  });
  document.addEventListener("click", (event) => {
    if (wide.matches) {
      if (!event.target.closest("[data-menu-group]")) closeGroups(null);
    } else if (menu.open && !menu.contains(event.target)) {
      menu.open = false;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = groups.find((g) => g.open && g.contains(document.activeElement));
    if (open && wide.matches) {
      open.open = false;
      open.querySelector("summary").focus();
    } else if (!wide.matches && menu.open && menu.contains(document.activeElement)) {
      menu.open = false;
      menu.querySelector("summary").focus();
    } else if (wide.matches) {
      closeGroups(null);
    }
  });
});
