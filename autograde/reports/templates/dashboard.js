// nn-dojo dashboard: sortable and filterable tables, and the per-student drill-down.
// A cell with data-value sorts as a number (an empty one last); others sort as text.
(function () {
  "use strict";
  const lang = document.documentElement.lang;

  function number(cell) {
    const value = cell.dataset.value;
    return value === undefined || value === "" ? NaN : parseFloat(value);
  }

  function compare(a, b, sign) {  // cells without a number last, either way
    if (a.dataset.value !== undefined || b.dataset.value !== undefined) {
      const x = number(a), y = number(b);
      if (isNaN(x) || isNaN(y)) return isNaN(x) - isNaN(y);
      return sign * (x - y);
    }
    return sign * a.textContent.trim().localeCompare(b.textContent.trim(), lang, {numeric: true});
  }

  function sort(table, index, header) {
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    for (const th of header.parentElement.cells) th.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((r, s) => compare(r.cells[index], s.cells[index], ascending ? 1 : -1));
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

  // The drill-down: a student's tables, built from #drill-data when their <details> opens
  // (the layout of the data: autograde/reports/dashboard_drill.py). Text only, no HTML.
  const source = document.getElementById("drill-data");
  const drill = source ? JSON.parse(source.textContent) : null;

  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children) node.append(child);
    return node;
  }
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
  const mistakes = (ids) => ids.flatMap((i, k) => {
    const [id, name] = drill.misconceptions[i];
    return [...(k ? [el("br")] : []), `${name} `, el("code", "", id)];
  });

  function table(className, headings, rows) {
    const head = el("tr", "", ...headings.map((h) => el("th", "", drill.labels[h])));
    return el("table", className, el("thead", "", head), el("tbody", "", ...rows));
  }

  function exerciseRow([exercise, score, max, passed, checks, failed, ids, error]) {
    const row = el("tr", "", el("td", "", el("code", "", drill.strings[exercise])),
      el("td", "num", `${fmt(score)} / ${fmt(max)}`), el("td", "num", `${passed} / ${checks}`),
      el("td", "", failed.map((i) => drill.strings[i]).join(", "),
        ...(error ? [" ", el("span", "bad", error)] : [])),
      el("td", "", ...mistakes(ids)));
    row.dataset.exercise = drill.strings[exercise];
    row.cells[1].dataset.value = score;
    return row;
  }

  function quizRow(assignment, [item, graded, variant, answer, score, max, ids, other, error]) {
    const row = el("tr", other === null ? "" : "flagged",
      el("td", "", el("code", "", drill.strings[item])),
      el("td", "", drill.labels[graded ? "graded" : "practice"]),
      el("td", "num", other === null ? String(variant) : `${variant} → ${other}`),
      el("td", "", el("code", "", answer), ...(error ? [" ", el("span", "bad", error)] : [])),
      el("td", "num", `${fmt(score)} / ${fmt(max)}`), el("td", "", ...mistakes(ids)));
    row.dataset.item = `${assignment}/${drill.strings[item]}`;
    row.cells[4].dataset.value = score;
    return row;
  }

  function render(details) {
    const box = details.querySelector(".drill");
    if (!drill || box.childElementCount) return;
    for (const entry of drill.students[+details.dataset.index]) {
      const [assignment, score, max, when, late, status, signals, error, exercises, quiz] = entry;
      const name = drill.strings[assignment];
      const state = status ? [" · ", el("span", late ? "bad" : "ok", status)] : [];
      const heading = el("h4", "", `${name}: ${fmt(score)} / ${fmt(max)} ${drill.labels.points} `,
        el("span", "muted", when, ...state));
      heading.dataset.assignment = name;
      box.append(heading);
      if (error) box.append(el("p", "bad", `${drill.labels.error}: ${error}`));
      if (signals.length) box.append(el("ul", "signals", ...signals.map((s) => el("li", "", s))));
      if (exercises.length) {
        box.append(table("exercises", ["exercise", "score", "checks", "failed", "misconception"],
          exercises.map(exerciseRow)));
      }
      if (quiz.length) {
        box.append(table("quiz", ["item", "kind", "variant", "answer", "score", "misconception"],
          quiz.map((q) => quizRow(name, q))));
      }
    }
  }
  document.addEventListener("toggle", (event) => {
    const target = event.target;
    if (target.matches && target.matches("details.student") && target.open) render(target);
  }, true);

  function openStudent(id) {
    const target = document.getElementById(id);
    if (target && target.matches("details.student")) target.open = true;
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.drill");
    if (link) openStudent(link.hash.slice(1));
  });
  if (location.hash) openStudent(location.hash.slice(1));
})();
