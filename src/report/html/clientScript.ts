/**
 * The page's chart script, run in the browser (plain ES2017, no imports): reads the JSON data island and draws
 * every chart with the inlined uPlot. It only ever sets textContent, never HTML. When all charts are drawn it
 * sets <html data-drawn="true"> and window.ptpcamDrawnAt (ms since navigation), which the browser tests and
 * the bench read; window.ptpcamCharts exposes the uPlot instances to the tests.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var root = document.documentElement;
  try {
    var data = JSON.parse(document.getElementById('ptpcam-data').textContent);
    var L = data.labels;
    var charts = { offset: [], hist: null, window: null, drift: null, errors: null };
    window.ptpcamCharts = charts;
    var all = [];
    var px = function (v) { return v * (window.devicePixelRatio || 1); };
    var width = function () { return Math.max(560, Math.min(1220, root.clientWidth - 60)); };
    var sig = function (v) { return String(Number(v.toPrecision(4))); };
    var fmtNs = function (v) {
      if (v === null || v === undefined || !isFinite(v)) return '--';
      var a = Math.abs(v);
      if (a >= 1e9) return sig(v / 1e9) + ' s';
      if (a >= 1e6) return sig(v / 1e6) + ' ms';
      if (a >= 1e3) return sig(v / 1e3) + ' \u00b5s';
      return sig(v) + ' ns';
    };
    var nsValue = function (u, v) { return fmtNs(v); };
    var nsAxis = function (label) {
      return { label: label, size: 78, values: function (u, splits) { return splits.map(fmtNs); } };
    };
    var timeSeries = { label: L.axisTime, value: function (u, v) { return v === null || v === undefined ? '--' : v.toFixed(3) + ' s'; } };
    var hidden = function (label) { return { label: label, stroke: 'rgba(0,0,0,0)', width: 0, points: { show: false }, value: nsValue }; };
    var hline = function (u, y, color, dash, w) {
      var s = u.scales.y;
      if (y === null || y === undefined || s.min === null || y < s.min || y > s.max) return false;
      var ctx = u.ctx;
      var py = Math.round(u.valToPos(y, 'y', true));
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = px(w || 1);
      ctx.setLineDash(dash.map(px));
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, py);
      ctx.lineTo(u.bbox.left + u.bbox.width, py);
      ctx.stroke();
      ctx.restore();
      return true;
    };
    var make = function (opts, d, id) {
      var target = document.getElementById(id);
      if (!target) return null;
      if (d[0].length === 0) {
        target.textContent = L.noData;
        return null;
      }
      var u = new uPlot(opts, d, target);
      all.push(u);
      return u;
    };

    // Offset to the rig: one chart per camera, the per-sample interval as a band, min/max lines, threshold,
    // run-level estimate and strict bound.
    data.cams.forEach(function (c, i) {
      var thr = data.thresholdNs;
      // The y range follows the deltas the statistics count, not the band nor the window outliers: one host
      // stall widens the interval to ms and moves that sample's deltas by as much, which would flatten every
      // other delta of the run. Points beyond the range are said under the chart; the window chart shows them.
      var lo = c.cMin;
      var hi = c.cMax;
      if (lo === null || hi === null) {
        lo = Infinity;
        hi = -Infinity;
        [c.dMin, c.dMax].forEach(function (a) { a.forEach(function (v) { if (v !== null) { if (v < lo) lo = v; if (v > hi) hi = v; } }); });
      }
      var pad = hi > lo ? (hi - lo) * 0.08 : Math.max(1, Math.abs(hi) * 0.1);
      var beyond = 0;
      c.dMax.forEach(function (v, k) {
        var m = c.dMin[k];
        if ((v !== null && v > hi + pad) || (m !== null && m < lo - pad)) beyond++;
      });
      var opts = {
        width: width(), height: 220,
        scales: { x: { time: false }, y: lo <= hi ? { range: function () { return [lo - pad, hi + pad]; } } : {} },
        axes: [{ label: L.axisTime }, nsAxis(L.axisDelta)],
        series: [
          timeSeries,
          hidden(L.seriesHigh),
          hidden(L.seriesLow),
          { label: L.seriesMax, stroke: c.color, width: 1, value: nsValue, points: { show: false } },
          { label: L.seriesMin, stroke: c.color, width: 1, dash: [4, 2], value: nsValue, points: { show: false } }
        ],
        bands: [{ series: [1, 2], fill: c.color + '2e' }],
        hooks: {
          draw: [function (u) {
            var shown = false;
            if (thr !== null) {
              shown = hline(u, thr, '#b3261e', [7, 4], 1.5);
              shown = hline(u, -thr, '#b3261e', [7, 4], 1.5) || shown;
            }
            var note = document.getElementById('offscale-' + i);
            if (note) {
              var parts = [];
              if (thr !== null && !shown) parts.push(L.lineThreshold + ' \u00b1' + fmtNs(thr) + ': ' + L.thresholdOffScale);
              if (beyond > 0) parts.push(L.beyondRange.replace('{n}', String(beyond)));
              note.textContent = parts.join(' \u00b7 ');
            }
            if (c.estimate) hline(u, c.estimate.deltaNs, c.color, [2, 3], 2);
            if (c.strict) {
              hline(u, c.strict.lowNs, c.color, [9, 4], 1);
              hline(u, c.strict.highNs, c.color, [9, 4], 1);
            }
          }]
        }
      };
      charts.offset.push(make(opts, [data.t, c.hi, c.lo, c.dMax, c.dMin], 'chart-offset-' + i));
    });

    // Histogram of corrected deltas: bins as steps from their left edges.
    (function () {
      var edges = data.hist.x.map(function (x) { return x - data.hist.binNs / 2; });
      var series = [{ label: L.axisDelta, value: nsValue }];
      var d = [edges];
      data.cams.forEach(function (c, i) {
        series.push({ label: c.serial, stroke: c.color, dash: c.dash, width: 1.5, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } });
        d.push(data.hist.counts[i]);
      });
      charts.hist = make({
        width: width(), height: 260,
        scales: { x: { time: false } },
        axes: [{ label: L.axisDelta, values: function (u, s) { return s.map(fmtNs); } }, { label: L.axisCount, size: 60 }],
        series: series
      }, d, 'chart-hist');
    })();

    // Window width: bucket maxima, log scale when every value is positive; outliers as marked points.
    (function () {
      var series = [timeSeries];
      var d = [data.t];
      var positive = true;
      data.cams.forEach(function (c) {
        c.wMax.forEach(function (v) { if (v !== null && v <= 0) positive = false; });
        series.push({ label: c.serial, stroke: c.color, dash: c.dash, width: 1, value: nsValue, points: { show: false } });
        d.push(c.wMax);
        series.push({
          label: c.serial + ' ' + L.seriesOutliers, stroke: c.color, fill: c.color, value: nsValue,
          paths: function () { return null; }, points: { show: true, size: 7, width: 1.5, stroke: c.color, fill: '#ffffff' }
        });
        d.push(c.oMax);
      });
      charts.window = make({
        width: width(), height: 280,
        scales: { x: { time: false }, y: positive ? { distr: 3 } : {} },
        axes: [{ label: L.axisTime }, nsAxis(L.axisWindow)],
        series: series
      }, d, 'chart-window');
    })();

    // Drift: host offset per bucket (mean) and the summary's fitted slope through the fitted samples' mean.
    (function () {
      var series = [timeSeries];
      var d = [data.t];
      data.cams.forEach(function (c) {
        series.push({ label: c.serial + ' ' + L.seriesMean, stroke: c.color, width: 1, value: nsValue, points: { show: false } });
        d.push(c.hMean);
        if (c.fit) {
          var f = c.fit;
          series.push({ label: c.serial + ' ' + L.seriesFit, stroke: c.color, width: 2, dash: [8, 4], value: nsValue, points: { show: false } });
          d.push(data.driftT.map(function (t) { return f.meanH + f.slopePpb * (t - f.meanT); }));
        }
      });
      d[0] = data.driftT;
      charts.drift = make({
        width: width(), height: 260,
        scales: { x: { time: false } },
        axes: [{ label: L.axisTime }, nsAxis(L.axisHostOffset)],
        series: series
      }, d, 'chart-drift');
    })();

    // Errors per bucket, by sample index.
    (function () {
      if (!document.getElementById('chart-errors')) return;
      var series = [{ label: L.axisSample }];
      var d = [data.index];
      data.cams.forEach(function (c) {
        series.push({ label: c.serial, stroke: c.color, fill: c.color + '99', width: 1, paths: uPlot.paths.bars({ size: [0.8, 24] }), points: { show: false } });
        d.push(c.err);
      });
      charts.errors = make({
        width: width(), height: 200,
        scales: { x: { time: false } },
        axes: [{ label: L.axisSample }, { label: L.axisCount, size: 60 }],
        series: series
      }, d, 'chart-errors');
    })();

    window.addEventListener('resize', function () {
      all.forEach(function (u) { u.setSize({ width: width(), height: u.height }); });
    });
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        window.ptpcamDrawnAt = performance.now();
        root.setAttribute('data-drawn', 'true');
      });
    });
  } catch (e) {
    root.setAttribute('data-drawn', 'error');
    console.error('ptpcam report: ' + (e && e.message ? e.message : String(e)));
  }
})();`;
