// The dashboards' charts: each card's rows, embedded by the server with json_script (so no
// text of a row is ever read as markup), drawn by ECharts (vendor/echarts, `make vendor`)
// as the table's Chart says: line, bar, stacked_bar, or heatmap/matrix (values in the cells).
// Every label is set as text on a canvas; the tooltip is drawn on the canvas too (richText),
// never as HTML. Keys: t shows or hides the table of the selected card (j/k in keys.js).
(function () {
  if (typeof echarts === "undefined") return;
  const zh = (document.documentElement.lang || "").toLowerCase().startsWith("zh");
  const numbers = zh ? "zh-CN" : "en";
  const charts = [];

  function formatter(kind, currency) {
    return function (v) {
      if (v === null || v === undefined || v === "" || (typeof v === "number" && isNaN(v))) return "—";
      const n = Number(v);
      if (kind === "rate") return (n * 100).toFixed(1) + "%";
      if (kind === "money") {
        const text = n.toLocaleString(numbers, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        return currency ? currency + " " + text : text;
      }
      if (kind === "int") return n.toLocaleString(numbers, { maximumFractionDigits: 0 });
      return String(v);
    };
  }
  function axisFormatter(kind) {
    if (kind === "rate") return function (v) { return Math.round(v * 1000) / 10 + "%"; };
    return function (v) { return Number(v).toLocaleString(numbers); };
  }
  function text(v) { return v === null || v === undefined ? "—" : String(v); }
  function unique(values) {
    const seen = new Set();
    const out = [];
    values.forEach(function (v) { const k = text(v); if (!seen.has(k)) { seen.add(k); out.push(k); } });
    return out;
  }
  function valueKind(d) {
    if (d.value_kind && d.value_kind !== "int") return d.value_kind;
    const first = d.columns[d.series[0]];
    return first && ["money", "rate"].includes(first.kind) ? first.kind : "int";
  }
  function label(d, key) { return d.columns[key] ? d.columns[key].label : key; }

  function seriesOption(d) {
    const kind = valueKind(d);
    const xKind = d.columns[d.x] ? d.columns[d.x].kind : "text";
    let xs = unique(d.rows.map(function (r) { return r[d.x]; }));
    if (xKind === "date" || xKind === "month") xs = xs.slice().sort();
    if (xKind === "int") xs = xs.slice().sort(function (a, b) { return Number(a) - Number(b); });
    // One series per value of split_by, in natural order (M2 before M10, months in turn).
    const groups = d.split_by
      ? unique(d.rows.map(function (r) { return r[d.split_by]; })).sort(function (a, b) {
        return a.localeCompare(b, numbers, { numeric: true });
      })
      : [null];
    const series = [];
    groups.forEach(function (g) {
      d.series.forEach(function (key) {
        const sums = new Map();
        d.rows.forEach(function (r) {
          if (g !== null && text(r[d.split_by]) !== g) return;
          const v = r[key];
          if (v === null || v === undefined) return;
          const at = text(r[d.x]);
          sums.set(at, (sums.get(at) || 0) + Number(v));
        });
        let name = label(d, key);
        if (g !== null) name = d.series.length > 1 ? g + " · " + label(d, key) : g;
        const s = {
          name: name,
          type: d.kind === "line" ? "line" : "bar",
          data: xs.map(function (x) { return sums.has(x) ? sums.get(x) : null; }),
          emphasis: { focus: "series" },
        };
        if (d.kind === "stacked_bar") s.stack = "total";
        if (d.kind === "line") { s.connectNulls = true; s.showSymbol = xs.length <= 40; }
        series.push(s);
      });
    });
    const yName = d.series.length === 1 && !d.split_by ? label(d, d.series[0])
      : (d.series.length === 1 ? label(d, d.series[0]) : "");
    return {
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: formatter(kind, d.currency) },
      legend: { type: "scroll", top: 0 },
      grid: { left: 64, right: 24, top: 40, bottom: 56 },
      xAxis: { type: "category", data: xs, name: label(d, d.x), nameLocation: "middle", nameGap: 32 },
      yAxis: {
        type: "value", name: yName, nameLocation: "end",
        axisLabel: { formatter: axisFormatter(kind) },
        minInterval: kind === "int" ? 1 : null,
        max: kind === "rate" && d.kind === "stacked_bar" ? 1 : null,
      },
      series: series,
    };
  }

  function matrixOption(d) {
    const key = d.series[0];
    const kind = valueKind(d);
    const show = formatter(kind, d.currency);
    const xs = unique(d.rows.map(function (r) { return r[d.x]; }));
    const ys = unique(d.rows.map(function (r) { return r[d.y]; }));
    const data = [];
    let max = 0;
    d.rows.forEach(function (r) {
      const v = r[key];
      if (v === null || v === undefined) return;
      data.push([xs.indexOf(text(r[d.x])), ys.indexOf(text(r[d.y])), v]);
      max = Math.max(max, Number(v));
    });
    const cells = xs.length * ys.length;
    return {
      tooltip: {
        renderMode: "richText",
        formatter: function (p) {
          return ys[p.value[1]] + " → " + xs[p.value[0]] + ": " + show(p.value[2]);
        },
      },
      grid: { left: 96, right: 24, top: 16, bottom: 88 },
      xAxis: { type: "category", data: xs, name: label(d, d.x), nameLocation: "middle", nameGap: 28, splitArea: { show: true } },
      yAxis: { type: "category", data: ys, name: label(d, d.y), inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0, max: kind === "rate" ? Math.max(max, 0.0001) : (max || 1), calculable: false,
        orient: "horizontal", left: "center", bottom: 0, itemHeight: 120,
        formatter: function (v) { return show(v); },
        inRange: { color: ["#f3f6fb", "#9db8e8", "#1f5fbf"] },
      },
      series: [{
        name: label(d, key),
        type: "heatmap",
        data: data,
        label: {
          show: d.kind === "matrix" || cells <= 60,
          formatter: function (p) { return show(p.value[2]); },
          color: "#1d2330", backgroundColor: "rgba(255, 255, 255, 0.8)", padding: [2, 4], borderRadius: 2,
        },
        emphasis: { itemStyle: { borderColor: "#1d2330", borderWidth: 1 } },
      }],
    };
  }

  function draw(el) {
    const source = document.getElementById(el.dataset.chart);
    if (!source) return;
    const d = JSON.parse(source.textContent);
    const option = d.kind === "matrix" || d.kind === "heatmap" ? matrixOption(d) : seriesOption(d);
    option.aria = { enabled: true };
    option.animation = false;
    const chart = echarts.init(el, null, { renderer: "canvas", locale: zh ? "ZH" : "EN" });
    chart.setOption(option);
    el.dataset.drawn = "1";
    charts.push(chart);
  }

  function start() {
    document.querySelectorAll("[data-chart]").forEach(draw);
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.key !== "t") return;
    const t = e.target;
    if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
    const card = document.querySelector("[data-nav-item].selected") || document.querySelector("[data-nav-item]");
    const details = card && card.querySelector("details");
    if (!details) return;
    e.preventDefault();
    details.open = !details.open;
    if (details.open) details.scrollIntoView({ block: "nearest" });
  });
})();
