// nn-dojo dashboard: sortable and filterable tables, and the per-student drill-down.
// A cell with data-value sorts as a number (an empty one last); others sort as text.
(function () {
  "use strict";
  const lang = document.documentElement.lang;

  function number(cell) {
    const value = cell.dataset.value;
    return value === undefined || value === "" ? NaN : parseFloat(value);
  }

  function compare(a, b) {
    if (a.dataset.value !== undefined || b.dataset.value !== undefined) {
      const x = number(a), y = number(b);
      if (isNaN(x) || isNaN(y)) return isNaN(x) - isNaN(y);
      return x - y;
    }
    return a.textContent.trim().localeCompare(b.textContent.trim(), lang, {numeric: true});
  }

  function sort(table, index, header) {
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    for (const th of header.parentElement.cells) th.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((r, s) => (ascending ? 1 : -1) * compare(r.cells[index], s.cells[index]));
    body.append(...rows);
  }

  for (const table of document.querySelectorAll("table.sortable")) {
    Array.from(table.tHead.rows[0].cells).forEach((header, index) => {
      header.tabIndex = 0;
      header.addEventListener("click", () => sort(table, index, header));
      header.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(table, index, header); }
      });
    });
  }

  for (const input of document.querySelectorAll("input[data-filter]")) {
    const table = document.getElementById(input.dataset.filter);
    const count = document.querySelector(`[data-count="${input.dataset.filter}"]`);
    const apply = () => {
      const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const rows = Array.from(table.tBodies[0].rows);
      let shown = 0;
      for (const row of rows) {
        const text = row.textContent.toLowerCase();
        row.hidden = !words.every((word) => text.includes(word));
        shown += row.hidden ? 0 : 1;
      }
      if (count) count.textContent = `${shown} / ${rows.length}`;
    };
    input.addEventListener("input", apply);
    apply();
  }

  function openStudent(id) {
    const target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.drill");
    if (link) openStudent(link.hash.slice(1));
  });
  if (location.hash) openStudent(location.hash.slice(1));
})();
