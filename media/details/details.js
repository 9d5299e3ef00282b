// The Invocation Details view: draws the model the extension posts (facts, metrics, and the chunk timeline chart:
// bytes received over time, one mark per chunk, the longest pause shaded). Runs under a strict Content-Security-Policy:
// no network, no inline styles or handlers; everything is built with DOM calls and themed by CSS variables.
// @ts-check
(function () {
  'use strict';
  // acquireVsCodeApi is provided by the webview host (a global declared in eslint.config.mjs).
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const root = /** @type {HTMLElement} */ (document.getElementById('details'));
  /** @type {any} */
  let model = vscode.getState();

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function formatBytes(bytes) {
    if (bytes < 1024) return `${Math.round(bytes)} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  }

  /** Axis labels: `0`, `250 ms`, `2 s`, `1.5 s`. */
  function formatTick(ms) {
    if (ms === 0) return '0';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    return `${Number((ms / 1000).toFixed(2))} s`;
  }

  function formatMs(ms) {
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(2)} s`;
    return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
  }

  /** About five round tick values from 0 to max. */
  function ticks(max) {
    if (max <= 0) return [0];
    const raw = max / 5;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) || raw;
    const values = [];
    for (let value = 0; value <= max + step * 1e-9; value += step) values.push(value);
    return values;
  }

  function facts(title, rows) {
    const section = el('section', 'facts');
    section.append(el('h2', undefined, title));
    const list = el('dl');
    for (const row of rows) list.append(el('dt', undefined, row.label), el('dd', undefined, row.value));
    section.append(list);
    return section;
  }

  function chart(data, width) {
    const height = 260;
    const margin = { left: 72, right: 24, top: 28, bottom: 36 };
    const plotWidth = Math.max(120, width - margin.left - margin.right);
    const plotHeight = height - margin.top - margin.bottom;
    const duration = Math.max(data.durationMs, 1);
    const total = Math.max(data.totalBytes, 1);
    const x = (ms) => margin.left + (Math.min(ms, duration) / duration) * plotWidth;
    const y = (bytes) => margin.top + plotHeight - (bytes / total) * plotHeight;
    const chartSvg = svg('svg', {
      width: plotWidth + margin.left + margin.right,
      height,
      role: 'img',
      class: 'timeline',
    });
    chartSvg.append(svg('title', {}, `Bytes received over ${formatMs(data.durationMs)}: ${data.points.length} marks`));

    const grid = svg('g', { class: 'grid' });
    for (const value of ticks(total)) {
      grid.append(svg('line', { x1: margin.left, x2: margin.left + plotWidth, y1: y(value), y2: y(value) }));
      grid.append(svg('text', { x: margin.left - 8, y: y(value) + 4, 'text-anchor': 'end' }, formatBytes(value)));
    }
    for (const value of ticks(duration)) {
      grid.append(
        svg('text', { x: x(value), y: height - margin.bottom + 18, 'text-anchor': 'middle' }, formatTick(value)),
      );
    }
    chartSvg.append(grid);

    if (data.longestPause) {
      const from = x(data.longestPause.fromMs);
      const to = x(data.longestPause.toMs);
      chartSvg.append(
        svg('rect', { class: 'pause', x: from, y: margin.top, width: Math.max(2, to - from), height: plotHeight }),
      );
      const label = svg(
        'text',
        { class: 'pause-label', x: (from + to) / 2, y: margin.top + 14, 'text-anchor': 'middle' },
        'longest pause',
      );
      chartSvg.append(label);
    }

    const marker = (ms, className, text) => {
      if (ms === undefined || ms === null) return;
      chartSvg.append(
        svg('line', {
          class: `marker ${className}`,
          x1: x(ms),
          x2: x(ms),
          y1: margin.top,
          y2: margin.top + plotHeight,
        }),
      );
      chartSvg.append(
        svg(
          'text',
          { class: `marker-label ${className}`, x: x(ms) + 4, y: margin.top - 8, 'text-anchor': 'start' },
          text,
        ),
      );
    };
    // The first byte matters most; the headers get their own line only when they came visibly earlier.
    const apart =
      data.timeToHeadersMs !== undefined &&
      (data.timeToFirstByteMs === undefined || x(data.timeToFirstByteMs) - x(data.timeToHeadersMs) > 70);
    if (apart) marker(data.timeToHeadersMs, 'headers', 'headers');
    marker(data.timeToFirstByteMs, 'first-byte', `first byte ${formatMs(data.timeToFirstByteMs || 0)}`);

    if (data.points.length === 0) {
      chartSvg.append(
        svg(
          'text',
          { class: 'empty', x: margin.left + plotWidth / 2, y: margin.top + plotHeight / 2, 'text-anchor': 'middle' },
          'No output arrived.',
        ),
      );
    } else {
      let path = `M ${x(0)} ${y(0)}`;
      for (const [at, sum] of data.points) path += ` H ${x(at)} V ${y(sum)}`;
      path += ` H ${x(duration)}`;
      chartSvg.append(svg('path', { class: 'line', d: path }));
      const radius = data.points.length > 300 ? 1.5 : 3;
      const marks = svg('g', { class: 'marks' });
      for (const [at, sum, bytes, index, count] of data.points) {
        const mark = svg('circle', { cx: x(at), cy: y(sum), r: radius });
        const which = count > 1 ? `chunks ${index + 1}–${index + count}` : `chunk ${index + 1}`;
        mark.append(svg('title', {}, `${which}: ${formatBytes(bytes)} at ${formatMs(at)}, ${formatBytes(sum)} so far`));
        marks.append(mark);
      }
      chartSvg.append(marks);
    }
    if (data.endedBadly) {
      chartSvg.append(
        svg('line', {
          class: 'marker end',
          x1: x(duration),
          x2: x(duration),
          y1: margin.top,
          y2: margin.top + plotHeight,
        }),
      );
    }
    chartSvg.append(
      svg('line', {
        class: 'axis',
        x1: margin.left,
        x2: margin.left + plotWidth,
        y1: margin.top + plotHeight,
        y2: margin.top + plotHeight,
      }),
    );
    chartSvg.append(
      svg('line', { class: 'axis', x1: margin.left, x2: margin.left, y1: margin.top, y2: margin.top + plotHeight }),
    );
    return chartSvg;
  }

  function render() {
    if (!model) return;
    root.replaceChildren();
    const header = el('header');
    header.append(el('h1', undefined, model.title));
    header.append(el('p', `sentence status-${model.status}`, model.sentence));
    root.append(header);

    const timeline = el('section', 'chart');
    timeline.append(el('h2', undefined, 'Bytes received over time'));
    const width = Math.max(360, root.clientWidth || 600);
    timeline.append(chart(model.chart, width));
    timeline.append(
      el(
        'p',
        'legend',
        model.chart.longestPause
          ? `Each dot is a chunk. ${model.chart.longestPause.text}.`
          : 'Each dot is a chunk; a flat stretch of the line is time without output.',
      ),
    );
    root.append(timeline);

    const columns = el('div', 'columns');
    columns.append(facts('Metrics', model.metrics), facts('Invocation', model.facts));
    root.append(columns);
    if (model.detail) {
      const section = el('section', 'detail');
      section.append(el('h2', undefined, 'Error details'), el('pre', undefined, model.detail));
      root.append(section);
    }
    if (model.logTail) {
      const section = el('section', 'log');
      section.append(el('h2', undefined, 'Log tail'), el('pre', undefined, model.logTail));
      root.append(section);
    }
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'model') {
      model = message.model;
      vscode.setState(model);
      render();
    }
  });
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 100);
  });
  render();
  vscode.postMessage({ type: 'ready' });
})();
