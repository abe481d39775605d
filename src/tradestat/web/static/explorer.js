// Draws the result chart from the JSON the server embedded in the page.
// No figure is computed here: the series are the engine's numbers as served.
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  var canvas = document.getElementById("chart");
  if (!node || !canvas || typeof Chart === "undefined") return;
  var spec = JSON.parse(node.textContent);
  if (!spec || !spec.series) return;
  var colours = ["#1f5f8b", "#9bb7cf", "#d9822b", "#3a7d44", "#8e44ad"];
  var hasY2 = spec.series.some(function (s) { return s.axis === "y2"; });
  var datasets = spec.series.map(function (s, i) {
    var line = (s.type || spec.type) === "line";
    return {
      label: s.label,
      data: s.data,
      type: s.type || spec.type,
      yAxisID: s.axis,
      backgroundColor: colours[i % colours.length],
      borderColor: colours[i % colours.length],
      borderWidth: line ? 2 : 0,
      pointRadius: line ? 3 : 0,
      spanGaps: false,
      order: s.axis === "y2" ? 0 : 1
    };
  });
  var axes = spec.axes || {};
  function title(axis) { return { display: !!axes[axis], text: axes[axis] || "" }; }
  var scales = { y: { beginAtZero: true, position: "left", title: title("y") } };
  if (hasY2) {
    scales.y2 = { position: "right", grid: { drawOnChartArea: false }, title: title("y2") };
  }
  window.tradestatChart = new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets: datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: scales
    }
  });
  canvas.setAttribute("data-rendered", "true");
})();
