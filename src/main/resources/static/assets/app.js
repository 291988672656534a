// The dashboard: a hash-routed page over Kiln's API (#/ jobs, #/new, #/jobs/{id},
// #/compare?ids=a,b).

import { api, apiKey, follow, TERMINAL, whenUnauthorized } from './api.js';
import { finite, heatMap, lineChart, PALETTE } from './charts.js';
import { DrawPad, pixelMaximum } from './drawpad.js';

const view = document.getElementById('view');
const keyPanel = document.getElementById('key-panel');
const keyForm = document.getElementById('key-form');
const keyError = document.getElementById('key-error');
const signOut = document.getElementById('sign-out');

/** Stops whatever the current view keeps running (timers, streams). */
let leaveView = () => {};

/** Builds an element: h('p', {className: 'x'}, 'text', child, ...). */
function h(tag, properties = {}, ...children) {
  const element = Object.assign(document.createElement(tag), properties);
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/**
 * A user-supplied name as it may be shown: control, format and separator characters and lone surrogates (which
 * Kiln refuses in new names, but rows stored before may hold) written as <U+XXXX>, so that a right-to-left
 * override cannot turn "\u202Eevil.exe" into "exe.live" on screen and a line break cannot split a label.
 */
const visible = (name) => String(name).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu,
  (c) => `<U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);

function section(title, ...children) {
  const id = `h-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const element = h('section', { className: 'panel' }, h('h2', { id, textContent: title }), ...children);
  element.setAttribute('aria-labelledby', id);
  return element;
}

const number = (value, digits = 4) => (finite(value) === null ? '—' : (+value.toPrecision(digits)).toString());
const percent = (value) => (finite(value) === null ? '—' : `${(value * 100).toFixed(1)}%`);

function duration(seconds) {
  if (finite(seconds) === null || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** progress may be a number (epoch / epochs) or the live progress object. */
function fraction(job) {
  const p = job.progress;
  if (p && typeof p === 'object') {
    const perEpoch = p.iterationsPerEpoch ? Math.min(1, (p.iteration || 0) / p.iterationsPerEpoch) : 0;
    return p.epochs ? Math.min(1, ((p.epoch || 0) + perEpoch) / p.epochs) : 0;
  }
  if (typeof p === 'number') return p;
  return job.epochs ? job.epoch / job.epochs : 0;
}

/** Seconds left: the server's estimate when it gives one, else from the time so far. */
function eta(job) {
  if (job.status !== 'RUNNING') return null;
  if (job.progress && typeof job.progress === 'object' && finite(job.progress.etaSeconds) !== null) return job.progress.etaSeconds;
  const done = fraction(job);
  if (!job.startedAt || done <= 0) return null;
  const elapsed = (Date.now() - Date.parse(job.startedAt)) / 1000;
  return (elapsed * (1 - done)) / done;
}

function progressBar(job) {
  const value = fraction(job);
  const bar = h('progress', { max: 1, value, className: `status-${job.status.toLowerCase()}` });
  bar.setAttribute('aria-label', `${visible(job.name)}: ${Math.round(value * 100)}% done`);
  return bar;
}

const badge = (status) => h('span', { className: `badge status-${status.toLowerCase()}`, textContent: status });

function showError(container, error) {
  container.replaceChildren(h('p', { className: 'error', role: 'alert', textContent: error.message || String(error) }));
}

// ---------------------------------------------------------------- the jobs list

function jobsView() {
  const selected = new Set();
  const compare = h('button', { type: 'button', textContent: 'Compare selected', disabled: true, id: 'compare-button' });
  compare.addEventListener('click', () => { location.hash = `#/compare?ids=${[...selected].join(',')}`; });
  const table = h('div', { className: 'table-wrap' });
  view.replaceChildren(section('Jobs', h('p', {}, h('a', { href: '#/new', className: 'button', textContent: 'New job' }), ' ', compare), table));

  async function load() {
    try {
      const { items } = await api.jobs();
      const rows = items.map((job) => {
        const box = h('input', { type: 'checkbox', checked: selected.has(job.id), className: 'compare-box' });
        box.dataset.id = job.id;
        box.dataset.focusKey = `box-${job.id}`;
        const link = h('a', { href: `#/jobs/${job.id}`, textContent: visible(job.name) });
        link.dataset.focusKey = `link-${job.id}`;
        box.setAttribute('aria-label', `Compare ${visible(job.name)}`);
        box.addEventListener('change', () => {
          if (box.checked) selected.add(job.id); else selected.delete(job.id);
          compare.disabled = selected.size < 2;
        });
        const row = h('tr', {},
          h('td', {}, box),
          h('td', {}, link),
          h('td', {}, badge(job.status)),
          h('td', { className: 'progress-cell' }, progressBar(job), ` ${job.epoch}/${job.epochs}`),
          h('td', { textContent: duration(eta(job)) }),
          h('td', { textContent: new Date(job.createdAt).toLocaleString() }));
        row.dataset.id = job.id;
        return row;
      });
      // the list is redrawn every second: give focus back to the control that had it
      const focused = document.activeElement?.dataset?.focusKey;
      table.replaceChildren(items.length ? h('table', { className: 'jobs' },
        h('thead', {}, h('tr', {}, ['', 'Name', 'Status', 'Progress', 'ETA', 'Created'].map((t) => h('th', { scope: 'col', textContent: t })))),
        h('tbody', {}, rows)) : h('p', { textContent: 'No jobs yet.' }));
      if (focused) table.querySelector(`[data-focus-key="${focused}"]`)?.focus();
    } catch (error) {
      showError(table, error);
    }
  }
  load();
  const timer = setInterval(load, 1000);
  return () => clearInterval(timer);
}

// ---------------------------------------------------------------- submitting a job

function newJobView() {
  const recipe = h('select', { id: 'recipe', name: 'recipe' });
  const name = h('input', { id: 'job-name', name: 'name', required: true });
  const epochs = h('input', { id: 'epochs', name: 'epochs', type: 'number', min: 1, required: true });
  const spec = h('textarea', { id: 'spec', name: 'spec', rows: 18, spellcheck: false });
  const message = h('div', { role: 'status' });
  const submit = h('button', { type: 'submit', textContent: 'Start job', id: 'start-job' });
  const check = h('button', { type: 'button', textContent: 'Dry run', className: 'secondary' });
  const label = (text, control) => h('label', { htmlFor: control.id, textContent: text });
  const form = h('form', { className: 'stack' },
    label('Recipe', recipe), recipe,
    h('div', { className: 'row' },
      h('div', {}, label('Name', name), name),
      h('div', {}, label('Epochs', epochs), epochs)),
    label('Spec (JSON)', spec), spec,
    h('p', {}, submit, ' ', check), message);
  view.replaceChildren(section('New job', form));

  const edited = () => {
    const parsed = JSON.parse(spec.value);
    parsed.name = name.value;
    parsed.training = { ...parsed.training, epochs: Number(epochs.value) };
    return parsed;
  };
  const show = async (name_) => {
    const loaded = await api.recipe(name_);
    name.value = loaded.name;
    epochs.value = loaded.training?.epochs ?? 10;
    spec.value = JSON.stringify(loaded, null, 2);
  };
  api.recipes().then(async (names) => {
    recipe.append(...names.map((n) => h('option', { value: n, textContent: n.replace(/\.json$/, '') })));
    if (names.length) await show(names[0]);
  });
  recipe.addEventListener('change', () => show(recipe.value));

  check.addEventListener('click', async () => {
    try {
      message.replaceChildren(layerTable(await api.dryRun(edited())));
    } catch (error) {
      showError(message, error);
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const job = await api.submit(edited());
      location.hash = `#/jobs/${job.id}`;
    } catch (error) {
      showError(message, error);
    } finally {
      submit.disabled = false;
    }
  });
  return () => {};
}

function layerTable(dryRun) {
  return h('div', { className: 'table-wrap' }, h('table', { className: 'layers' },
    h('caption', { textContent: `${dryRun.parameters.toLocaleString()} parameters, about ${(dryRun.estimatedMemoryBytes / 1048576).toFixed(1)} MB per minibatch` }),
    h('thead', {}, h('tr', {}, ['#', 'Layer', 'Output shape', 'Parameters'].map((t) => h('th', { scope: 'col', textContent: t })))),
    h('tbody', {}, dryRun.layers.map((layer) => h('tr', {},
      h('td', { textContent: layer.index }), h('td', { textContent: layer.type }),
      h('td', { textContent: layer.outputShape.join(' × ') }), h('td', { textContent: layer.parameters.toLocaleString() }))))));
}

// ---------------------------------------------------------------- one job

function jobView(id) {
  const title = h('h1', { textContent: 'Job' });
  const summary = h('div', { className: 'summary', id: 'job-summary' });
  const mode = h('p', { className: 'muted', id: 'live-mode' });
  const lossChart = h('div', { id: 'loss-chart', className: 'chart-box' });
  const accuracyChart = h('div', { id: 'accuracy-chart', className: 'chart-box' });
  const rateChart = h('div', { id: 'rate-chart', className: 'chart-box' });
  const layers = h('div', { id: 'layers' });
  const checkpoints = h('div', { id: 'checkpoints' });
  const evaluation = h('div', { id: 'evaluation' });
  const tryIt = h('div', { id: 'try-it' });
  const evaluationDetails = h('details', { id: 'evaluation-details' }, h('summary', { textContent: 'Test evaluation' }), evaluation);
  view.replaceChildren(
    h('div', { className: 'panel' }, title, summary, mode),
    section('Curves', h('div', { className: 'charts' }, lossChart, accuracyChart, rateChart)),
    h('div', { className: 'columns' },
      section('Layers', layers),
      section('Checkpoints', checkpoints)),
    h('section', { className: 'panel' }, evaluationDetails),
    section('Try it', tryIt));

  const epochs = new Map();
  let job = null;
  let ended = false;

  const drawCharts = () => {
    const rows = [...epochs.values()].sort((a, b) => a.epoch - b.epoch);
    lineChart(lossChart, { id: 'loss', title: 'Loss', yLabel: 'loss', series: [
      { name: 'train', points: rows.map((r) => [r.epoch, r.trainLoss]) },
      { name: 'validation', points: rows.map((r) => [r.epoch, r.validationLoss]) }] });
    lineChart(accuracyChart, { id: 'accuracy', title: 'Validation accuracy', yLabel: 'accuracy', series: [
      { name: 'validation', points: rows.map((r) => [r.epoch, r.validationAccuracy]), color: PALETTE[1] }] });
    lineChart(rateChart, { id: 'learning-rate', title: 'Learning rate', yLabel: 'rate', series: [
      { name: 'learning rate', points: rows.map((r) => [r.epoch, r.learningRate]), color: PALETTE[2] }] });
  };

  // the cancel button stays the same element across refreshes, so keyboard focus stays on it
  const cancel = h('button', { type: 'button', textContent: 'Cancel', className: 'secondary', id: 'cancel-job' });
  cancel.addEventListener('click', async () => {
    try { await api.cancel(id); } catch (error) { showError(mode, error); }
  });
  const state = h('span');
  const notes = h('div');
  summary.append(h('p', {}, state, ' ', cancel), notes);

  const drawSummary = () => {
    title.textContent = visible(job.name);
    state.replaceChildren(badge(job.status), ' ', progressBar(job), ` epoch ${job.epoch} of ${job.epochs}`,
      job.status === 'RUNNING' ? ` · ETA ${duration(eta(job))}` : '');
    cancel.hidden = TERMINAL.has(job.status);
    notes.replaceChildren(...[
      job.waitingFor ? h('p', { className: 'muted', textContent: `Waiting for ${job.waitingFor}` }) : null,
      job.error ? h('p', { className: 'error', textContent: job.error }) : null].filter(Boolean));
    summary.dataset.status = job.status;
  };

  const loadEnded = async () => {
    loadCheckpoints();
    if (job.status !== 'SUCCEEDED') {
      evaluation.replaceChildren(h('p', { className: 'muted', textContent: `No evaluation: the job ${job.status.toLowerCase()}.` }));
      return;
    }
    try {
      drawEvaluation(evaluation, await api.evaluation(id));
    } catch (error) {
      showError(evaluation, error);
    }
  };

  const loadCheckpoints = async () => {
    try {
      drawCheckpoints(checkpoints, await api.checkpoints(id), job.name);
    } catch (error) {
      showError(checkpoints, error);
    }
  };

  const update = (fresh) => {
    const first = job === null;
    job = fresh;
    drawSummary();
    if (first) {
      api.dryRun(job.spec).then((d) => layers.replaceChildren(layerTable(d))).catch((error) => showError(layers, error));
      drawTryIt(tryIt, job);
      evaluation.replaceChildren(h('p', { className: 'muted', textContent: 'The evaluation on the test split appears when the job has succeeded.' }));
    }
    if (TERMINAL.has(job.status) && !ended) {
      ended = true;
      loadEnded();
    }
  };

  drawCharts();
  const stop = follow(id, {
    refresh: (fresh, rows) => {
      const before = epochs.size;
      for (const row of rows) epochs.set(row.epoch, row);
      drawCharts();
      update(fresh);
      // a new epoch may have written a checkpoint
      if (epochs.size > before && !TERMINAL.has(fresh.status)) loadCheckpoints();
    },
    epoch: (row) => {
      epochs.set(row.epoch, row);
      drawCharts();
      if (job) {
        job = { ...job, epoch: Math.max(job.epoch, row.epoch) };
        drawSummary();
      }
      loadCheckpoints();
    },
    progress: (progress) => {
      if (job) {
        job = { ...job, progress };
        drawSummary();
      }
    },
    state: (change) => {
      if (job) update({ ...job, status: change.status });
      api.job(id).then(update).catch(() => {});
    },
    mode: (how) => { mode.textContent = how === 'live' ? 'Live: following the event stream.' : 'Updating every second.'; },
    error: (error) => showError(mode, error),
  });
  return stop;
}

function drawCheckpoints(container, { bestCheckpointId, items }, jobName) {
  if (!items.length) {
    container.replaceChildren(h('p', { className: 'muted', textContent: 'No checkpoint yet.' }));
    return;
  }
  container.replaceChildren(h('div', { className: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Epoch', 'Validation loss', 'Validation accuracy', 'Size', ''].map((t) => h('th', { scope: 'col', textContent: t })))),
    h('tbody', {}, items.map((c) => {
      const download = h('button', { type: 'button', className: 'link', textContent: 'Download' });
      download.setAttribute('aria-label', `Download the checkpoint of epoch ${c.epoch}`);
      download.addEventListener('click', () => api.download(c.id, `${jobName}-epoch-${c.epoch}.zip`).catch((e) => alert(e.message)));
      const best = c.id === bestCheckpointId;
      return h('tr', { className: best ? 'best' : '' },
        h('td', {}, String(c.epoch), best ? h('span', { className: 'badge best', textContent: 'best' }) : null),
        h('td', { textContent: number(c.validationLoss) }), h('td', { textContent: percent(c.validationAccuracy) }),
        h('td', { textContent: `${(c.sizeBytes / 1024).toFixed(0)} KB` }), h('td', {}, download));
    })))));
}

function drawEvaluation(container, evaluation) {
  container.replaceChildren(
    h('p', {}, `Accuracy on ${evaluation.examples} test examples: `, h('strong', { id: 'test-accuracy', textContent: percent(evaluation.accuracy) }),
      ` (checkpoint of epoch ${evaluation.checkpointEpoch})`),
    h('div', { className: 'columns' },
      h('div', { className: 'table-wrap' }, heatMap(evaluation.labels.map(visible), evaluation.confusion)),
      h('div', { className: 'table-wrap' }, h('table', { className: 'per-class' },
        h('caption', { textContent: 'Per class' }),
        h('thead', {}, h('tr', {}, ['Class', 'Precision', 'Recall', 'F1', 'Support'].map((t) => h('th', { scope: 'col', textContent: t })))),
        h('tbody', {}, evaluation.classes.map((c) => h('tr', {},
          h('th', { scope: 'row', textContent: visible(c.label) }), h('td', { textContent: percent(c.precision) }),
          h('td', { textContent: percent(c.recall) }), h('td', { textContent: percent(c.f1) }),
          h('td', { textContent: c.support }))))))));
}

async function drawTryIt(container, job) {
  let dataset;
  try {
    dataset = await api.dataset(job.datasetId);
  } catch (error) {
    showError(container, error);
    return;
  }
  const result = h('div', { id: 'prediction', 'aria-live': 'polite' });
  const predict = async (instance) => {
    try {
      const { predictions } = await api.predict(job.id, [instance]);
      const [p] = predictions;
      const sorted = Object.entries(p.probabilities).sort((a, b) => b[1] - a[1]);
      result.replaceChildren(
        h('p', {}, 'Predicted: ', h('strong', { id: 'predicted-label', textContent: visible(p.label) })),
        h('table', { className: 'probabilities' }, h('tbody', {}, sorted.map(([label, probability]) => {
          const bar = h('meter', { min: 0, max: 1, value: probability });
          bar.setAttribute('aria-label', `${visible(label)}: ${percent(probability)}`);
          return h('tr', {}, h('th', { scope: 'row', textContent: visible(label) }), h('td', {}, bar), h('td', { textContent: percent(probability) }));
        }))));
    } catch (error) {
      showError(result, error);
    }
  };
  const button = h('button', { type: 'submit', textContent: 'Predict', id: 'predict' });
  const [height, width, channels] = dataset.featureShape;
  if (dataset.featureShape.length === 3) {
    const pad = new DrawPad(height, width);
    const preview = h('canvas', { className: 'preview' });
    preview.setAttribute('aria-label', `What the model sees: ${height} by ${width} pixels`);
    pad.canvas.addEventListener('change', () => pad.preview(preview));
    pad.preview(preview);
    const clear = h('button', { type: 'button', textContent: 'Clear', className: 'secondary' });
    clear.addEventListener('click', () => { pad.clear(); result.replaceChildren(); });
    const form = h('form', { className: 'try-image' },
      h('div', {}, pad.canvas, h('p', {}, button, ' ', clear)),
      h('div', {}, h('p', { className: 'muted', textContent: `Draw with the mouse or a finger. The model sees ${height}×${width}:` }), preview),
      result);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      predict(pad.instance(channels, pixelMaximum(dataset)));
    });
    container.replaceChildren(form);
  } else {
    const inputs = dataset.featureNames.map((feature, i) => {
      const input = h('input', { id: `feature-${i}`, type: 'number', step: 'any', required: true, name: feature });
      return h('div', {}, h('label', { htmlFor: input.id, textContent: visible(feature) }), input);
    });
    const form = h('form', { className: 'try-table' }, h('div', { className: 'features' }, inputs), h('p', {}, button), result);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      predict(inputs.map((div) => Number(div.querySelector('input').value)));
    });
    container.replaceChildren(form);
  }
  if (job.status !== 'SUCCEEDED') {
    container.prepend(h('p', { className: 'muted', textContent: 'Predictions use the best checkpoint so far.' }));
  }
}

// ---------------------------------------------------------------- comparing jobs

function compareView(ids) {
  const metric = h('select', { id: 'compare-metric' },
    [['validationLoss', 'validation loss'], ['trainLoss', 'train loss'], ['validationAccuracy', 'validation accuracy'], ['learningRate', 'learning rate']]
      .map(([value, text]) => h('option', { value, textContent: text })));
  const chart = h('div', { id: 'compare-chart', className: 'chart-box wide' });
  view.replaceChildren(section('Compare jobs', h('p', {}, h('label', { htmlFor: 'compare-metric', textContent: 'Metric ' }), metric), chart));
  let series = [];
  const draw = () => lineChart(chart, {
    id: 'compare', title: metric.selectedOptions[0].textContent, yLabel: metric.selectedOptions[0].textContent,
    series: series.map(({ job, rows }) => ({ name: visible(job.name), points: rows.map((r) => [r.epoch, r[metric.value]]) })),
  });
  metric.addEventListener('change', draw);
  const load = async () => {
    try {
      series = await Promise.all(ids.map(async (id) => ({ job: await api.job(id), rows: (await api.metrics(id)).items })));
      // two jobs may share a name: tell them apart
      const names = series.map((s) => s.job.name);
      series.forEach((s) => { if (names.filter((n) => n === s.job.name).length > 1) s.job = { ...s.job, name: `${s.job.name} (${s.job.id.slice(0, 8)})` }; });
      draw();
    } catch (error) {
      showError(chart, error);
    }
  };
  load();
  const timer = setInterval(load, 2000);
  return () => clearInterval(timer);
}

// ---------------------------------------------------------------- routing and the key

function route() {
  leaveView();
  leaveView = () => {};
  if (!apiKey.get()) {
    askForKey();
    return;
  }
  keyPanel.hidden = true;
  signOut.hidden = false;
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const job = path.match(/^\/jobs\/([0-9a-f-]{36})$/);
  if (job) leaveView = jobView(job[1]);
  else if (path === '/new') leaveView = newJobView();
  else if (path === '/compare') leaveView = compareView(new URLSearchParams(query).get('ids')?.split(',').filter(Boolean) || []);
  else leaveView = jobsView();
  view.focus({ preventScroll: true });
}

function askForKey(message = '') {
  leaveView();
  leaveView = () => {};
  view.replaceChildren();
  signOut.hidden = true;
  keyPanel.hidden = false;
  keyError.textContent = message;
  document.getElementById('key-input').focus();
}

keyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('key-input');
  apiKey.set(input.value.trim());
  try {
    await api.me();
    input.value = '';
    route();
  } catch (error) {
    apiKey.clear();
    input.value = '';
    askForKey(error.status === 401 ? 'Kiln does not know that key.' : error.message);
  }
});

signOut.addEventListener('click', () => {
  apiKey.clear();
  askForKey();
});

whenUnauthorized(() => askForKey('The key was refused: enter a valid one.'));
window.addEventListener('hashchange', route);
route();
