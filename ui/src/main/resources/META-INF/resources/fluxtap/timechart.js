// Glue between io.fluxtap.ui.chart.TimeChart and uPlot: builds uPlot options from the JSON the server sends.
// Plain script (no module, no build step): it defines window.fluxtapChart once.
(function () {
  if (window.fluxtapChart) {
    return;
  }
  var PALETTE = ['#1a73e8', '#e8710a', '#12b5cb', '#9334e6', '#188038', '#d01884', '#f9ab00', '#5f6368'];

  function shorten(v, base, units) {
    var a = Math.abs(v), i = 0;
    while (a >= base && i < units.length - 1) { a /= base; v /= base; i++; }
    return (Math.abs(v) >= 100 || i === 0 && Number.isInteger(v) ? Math.round(v) : +v.toFixed(v < 10 ? 2 : 1)) + units[i];
  }
  var FORMATS = {
    NONE: function (v) { return shorten(v, 1000, ['', 'k', 'M', 'G', 'T']); },
    COUNT: function (v) { return shorten(v, 1000, ['', 'k', 'M', 'G', 'T']); },
    PER_SECOND: function (v) { return shorten(v, 1000, ['', 'k', 'M', 'G']) + '/s'; },
    MILLISECONDS: function (v) {
      return Math.abs(v) >= 1000 ? +(v / 1000).toFixed(2) + ' s' : Math.abs(v) >= 1 || v === 0 ? +v.toFixed(1) + ' ms'
        : +(v * 1000).toFixed(0) + ' µs';
    },
    SECONDS: function (v) { return FORMATS.MILLISECONDS(v * 1000); },
    RATIO: function (v) { return +(v * 100).toFixed(2) + '%'; },
    BYTES: function (v) { return shorten(v, 1024, [' B', ' KiB', ' MiB', ' GiB', ' TiB']); }
  };

  // Resolves any CSS colour (a var(), color-mix(), a name) to the rgb() a canvas understands, by letting the
  // browser compute it on a hidden probe inside the chart, so the theme's variables apply.
  function cssColor(el, color) {
    var probe = document.createElement('span');
    probe.style.display = 'none';
    probe.style.color = color;
    el.appendChild(probe);
    var resolved = getComputedStyle(probe).color;
    el.removeChild(probe);
    return resolved || '#888';
  }

  function stepOf(spec) {
    if (spec.step) { return spec.step; }
    return spec.x.length > 1 ? spec.x[1] - spec.x[0] : 60;
  }

  // The last bucket whose start is at or before t (starts ascend), or -1 when t is before the first.
  function bucketAt(starts, t) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // Stacked bars: uPlot draws bars from zero, so series are given top-down as running totals of the visible
  // series below them; each later (smaller) total paints over the earlier one.
  function stackedData(spec, hidden) {
    var n = spec.series.length, totals = new Array(n), running = spec.x.map(function () { return 0; });
    for (var i = 0; i < n; i++) {
      var values = spec.series[i].values;
      if (!hidden[i]) {
        running = running.map(function (r, j) { return r + (values[j] || 0); });
      }
      totals[i] = running.slice();
    }
    var data = [spec.x];
    for (var k = n - 1; k >= 0; k--) { data.push(hidden[k] ? spec.x.map(function () { return null; }) : totals[k]); }
    return data;
  }

  function build(el, spec) {
    var text = cssColor(el, 'var(--lumo-secondary-text-color, #666)');
    var grid = cssColor(el, 'var(--lumo-contrast-10pct, rgba(128,128,128,0.2))');
    var format = FORMATS[spec.unit] || FORMATS.NONE;
    var stacked = spec.kind === 'STACKED_BARS';
    var bars = spec.kind !== 'LINES';
    var n = spec.series.length;
    var order = [];
    for (var i = 0; i < n; i++) { order.push(stacked ? n - 1 - i : i); }
    var step = stepOf(spec);
    var series = [{
      value: function (u, v) { return v == null ? '' : uPlot.fmtDate('{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}')(new Date(v * 1000)); }
    }];
    order.forEach(function (source) {
      var s = spec.series[source];
      var color = cssColor(el, s.color || PALETTE[source % PALETTE.length]);
      series.push({
        label: s.name,
        stroke: color,
        fill: bars ? color : undefined,
        width: bars ? 0 : 1.5,
        spanGaps: false,
        // Lines show their points too: a lone value between gaps would otherwise be invisible.
        points: { show: !bars, size: 4 },
        paths: bars ? uPlot.paths.bars({ size: [0.8, Infinity], align: 1 }) : undefined,
        // Hover shows the series' own value, not the running total a stacked bar is drawn with.
        value: function (u, v, sIdx, idx) { var raw = idx == null ? null : s.values[idx]; return raw == null ? '—' : format(raw); }
      });
    });
    var hidden = {};
    var opts = {
      width: Math.max(el.clientWidth, 200),
      height: spec.height,
      series: series,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      scales: { x: { time: true, range: bars ? function (u, min, max) { return [min, max + step]; } : undefined } },
      axes: [
        { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid } },
        { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid }, size: 60,
          values: function (u, ticks) { return ticks.map(format); } }
      ],
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      hooks: {
        setSelect: [function (u) {
          if (u.select.width > 2) {
            var from = u.posToVal(u.select.left, 'x'), to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
            el.dispatchEvent(new CustomEvent('fluxtap-zoom', { detail: { from: from, to: to } }));
          }
        }],
        setSeries: [function (u, sIdx, opts2) {
          if (!stacked || sIdx == null) { return; }
          hidden[n - sIdx] = !u.series[sIdx].show;
          u.setData(stackedData(spec, hidden), false);
          u.redraw();
        }]
      }
    };
    var data = stacked ? stackedData(spec, hidden)
      : [spec.x].concat(order.map(function (i) { return spec.series[i].values; }));
    el.innerHTML = '';
    var plot = new uPlot(opts, data, el);
    el.setAttribute('data-series', spec.series.map(function (s) { return s.name; }).join(','));
    el.setAttribute('data-points', String(spec.x.length));
    el.setAttribute('data-first', spec.x.length ? String(spec.x[0]) : '');
    return plot;
  }

  // A click (press and release without a drag) on a bar zooms to that bar's bucket. Listened to on the
  // chart's element, which outlives the plots rendered into it: a render between the press and the release
  // (new data, a theme change) would otherwise lose the press. Not the click event, which uPlot's own drag
  // handling swallows. The bucket comes from the pointer's position, not u.cursor.idx: uPlot moves its cursor
  // in an animation frame, so a quick press may find it unset, and its nearest-point index names the next
  // bucket on a bar's right half (bars run from their start to start + step).
  function listenForBarClicks(el) {
    var downX = null;
    el.addEventListener('mousedown', function (e) { downX = e.clientX; });
    el.addEventListener('mouseup', function (e) {
      var moved = downX == null ? Infinity : Math.abs(e.clientX - downX);
      downX = null;
      var u = el.fluxtapPlot, spec = el.fluxtapSpec;
      if (!u || spec.kind === 'LINES' || moved > 2 || spec.x.length === 0 || !u.over.contains(e.target)) { return; }
      var idx = bucketAt(spec.x, u.posToVal(e.clientX - u.over.getBoundingClientRect().left, 'x'));
      if (idx < 0) { return; }
      var from = spec.x[idx];
      el.dispatchEvent(new CustomEvent('fluxtap-zoom', { detail: { from: from, to: from + stepOf(spec) } }));
    });
  }

  window.fluxtapChart = {
    render: function (el, spec) {
      if (el.fluxtapPlot) { el.fluxtapPlot.destroy(); }
      el.fluxtapSpec = spec;
      el.fluxtapPlot = build(el, spec);
      if (!el.fluxtapClicks) {
        el.fluxtapClicks = true;
        listenForBarClicks(el);
      }
      if (!el.fluxtapResize) {
        el.fluxtapResize = new ResizeObserver(function () {
          if (el.fluxtapPlot && el.clientWidth > 0 && Math.abs(el.fluxtapPlot.width - el.clientWidth) > 1) {
            el.fluxtapPlot.setSize({ width: el.clientWidth, height: el.fluxtapSpec.height });
          }
        });
        el.fluxtapResize.observe(el);
      }
    },
    // The theme changed: colours come from CSS variables, so rebuild every chart.
    refreshAll: function () {
      document.querySelectorAll('.fluxtap-chart').forEach(function (el) {
        if (el.fluxtapSpec) { window.fluxtapChart.render(el, el.fluxtapSpec); }
      });
    }
  };
})();
