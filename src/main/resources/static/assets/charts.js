// Charts drawn as plain SVG: a line chart with one or more series, and a heat map.

const SVG = 'http://www.w3.org/2000/svg';
export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

function svg(name, attributes = {}, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  parent?.append(element);
  return element;
}

/** A finite number, or null (the API writes NaN and infinities as strings). */
export function finite(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function ticks(min, max, count) {
  if (min === max) return [min];
  const step = 10 ** Math.floor(Math.log10((max - min) / count));
  const nice = [1, 2, 5, 10].map((f) => f * step).find((s) => (max - min) / s <= count) || step * 10;
  const result = [];
  for (let t = Math.ceil(min / nice) * nice; t <= max + nice * 1e-9; t += nice) result.push(+t.toPrecision(12));
  return result;
}

function format(value) {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1000 || magnitude < 0.001 ? value.toExponential(1) : String(+value.toPrecision(3));
}

/**
 * Draws series = [{name, points: [[x, y], ...]}] into container (replacing what was there).
 * Every point is a circle of class "point", so a reader (or a test) can count them.
 */
export function lineChart(container, { title, series, xLabel = 'epoch', yLabel = '', id }) {
  const width = 560;
  const height = 260;
  const margin = { top: 28, right: 16, bottom: 40, left: 68 };
  const plotted = series.map((s) => ({ ...s, points: s.points.filter(([x, y]) => finite(x) !== null && finite(y) !== null) }));
  const all = plotted.flatMap((s) => s.points);
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${title}: ${plotted.map((s) => `${s.name}, ${s.points.length} points`).join('; ')}`,
    class: 'chart',
    'data-chart': id || '',
  });
  svg('text', { x: margin.left, y: 18, class: 'chart-title' }, root).textContent = title;
  container.replaceChildren(root);
  if (!all.length) {
    svg('text', { x: width / 2, y: height / 2, class: 'chart-empty', 'text-anchor': 'middle' }, root).textContent = 'no data yet';
    return root;
  }
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  let [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  let [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  if (xMin === xMax) xMax = xMin + 1;
  if (yMin === yMax) [yMin, yMax] = [yMin - Math.abs(yMin || 1) * 0.1, yMax + Math.abs(yMax || 1) * 0.1];
  const pad = (yMax - yMin) * 0.05;
  yMin -= pad;
  yMax += pad;
  const sx = (x) => margin.left + ((x - xMin) / (xMax - xMin)) * (width - margin.left - margin.right);
  const sy = (y) => height - margin.bottom - ((y - yMin) / (yMax - yMin)) * (height - margin.top - margin.bottom);

  const axes = svg('g', { class: 'axes' }, root);
  for (const t of ticks(yMin, yMax, 5)) {
    svg('line', { x1: margin.left, x2: width - margin.right, y1: sy(t), y2: sy(t), class: 'grid' }, axes);
    svg('text', { x: margin.left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, axes).textContent = format(t);
  }
  // epochs are whole numbers
  for (const t of ticks(xMin, xMax, 8).filter((t) => Number.isInteger(t))) {
    svg('text', { x: sx(t), y: height - margin.bottom + 16, 'text-anchor': 'middle' }, axes).textContent = format(t);
  }
  svg('text', { x: (width + margin.left) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, axes).textContent = xLabel;
  if (yLabel) {
    svg('text', { x: 14, y: (height - margin.bottom + margin.top) / 2, 'text-anchor': 'middle', class: 'axis-label',
      transform: `rotate(-90 14 ${(height - margin.bottom + margin.top) / 2})` }, axes).textContent = yLabel;
  }

  const legend = svg('g', { class: 'legend' }, root);
  let legendX = width - margin.right;
  plotted.slice().reverse().forEach((s, reversedIndex) => {
    const color = s.color || PALETTE[(plotted.length - 1 - reversedIndex) % PALETTE.length];
    const label = svg('text', { x: legendX, y: 18, 'text-anchor': 'end' }, legend);
    label.textContent = s.name;
    const labelWidth = s.name.length * 6;
    svg('rect', { x: legendX - labelWidth - 14, y: 10, width: 10, height: 10, fill: color }, legend);
    legendX -= labelWidth + 24;
  });

  plotted.forEach((s, index) => {
    const color = s.color || PALETTE[index % PALETTE.length];
    const group = svg('g', { class: 'series', 'data-series': s.name }, root);
    const path = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    svg('path', { d: path, fill: 'none', stroke: color, 'stroke-width': 2 }, group);
    for (const [x, y] of s.points) {
      const point = svg('circle', { cx: sx(x), cy: sy(y), r: 3, fill: color, class: 'point' }, group);
      svg('title', {}, point).textContent = `${s.name}: ${xLabel} ${format(x)}, ${format(y)}`;
    }
  });
  return root;
}

/**
 * A confusion matrix as an HTML table (rows: actual, columns: predicted), each cell shaded
 * by its share of its row.
 */
export function heatMap(labels, matrix) {
  const table = document.createElement('table');
  table.className = 'heatmap';
  const caption = table.createCaption();
  caption.textContent = 'Confusion matrix: rows are the actual class, columns the predicted one';
  const head = table.createTHead().insertRow();
  head.append(Object.assign(document.createElement('th'), { textContent: 'actual \\ predicted', scope: 'col' }));
  for (const label of labels) head.append(Object.assign(document.createElement('th'), { textContent: label, scope: 'col' }));
  const body = table.createTBody();
  matrix.forEach((row, i) => {
    const tr = body.insertRow();
    tr.append(Object.assign(document.createElement('th'), { textContent: labels[i], scope: 'row' }));
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, j) => {
      const cell = tr.insertCell();
      const share = count / total;
      cell.textContent = count;
      cell.className = `heat${i === j ? ' diagonal' : ''}${share > 0.55 ? ' dark' : ''}`;
      cell.title = `actual ${labels[i]}, predicted ${labels[j]}: ${count} (${(share * 100).toFixed(1)}% of the row)`;
      // set through the CSSOM, which the page's Content-Security-Policy allows
      cell.style.backgroundColor = i === j
        ? `rgba(37, 99, 235, ${0.08 + share * 0.92})`
        : `rgba(220, 38, 38, ${share === 0 ? 0 : 0.12 + share * 0.88})`;
    });
  });
  return table;
}
