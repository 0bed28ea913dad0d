// smtpsim comparison report: tables sort by a column when its head is
// clicked (numbers by value, the rest as text).
"use strict";

(function () {
  function cellValue(row, k) {
    const cell = row.cells[k];
    const v = cell.dataset.value;
    return v !== undefined ? Number(v) : cell.textContent.trim();
  }

  function sortBy(table, k, th) {
    const down = th.classList.contains("sorted-up");
    for (const other of table.tHead.rows[0].cells) other.classList.remove("sorted-up", "sorted-down");
    th.classList.add(down ? "sorted-down" : "sorted-up");
    const body = table.tBodies[0];
    const rows = [...body.rows];
    rows.sort((a, b) => {
      const x = cellValue(a, k);
      const y = cellValue(b, k);
      const order = typeof x === "number" && typeof y === "number" ? x - y
        : String(x).localeCompare(String(y));
      return down ? -order : order;
    });
    body.append(...rows);
  }

  for (const table of document.querySelectorAll("table.sortable")) {
    [...table.tHead.rows[0].cells].forEach((th, k) => {
      th.addEventListener("click", () => sortBy(table, k, th));
    });
  }
})();
