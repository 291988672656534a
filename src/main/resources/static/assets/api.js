// Kiln's API as the dashboard uses it: the key lives in sessionStorage only and goes
// with every request as a bearer token; a 401 forgets it and asks again.

const KEY = 'kiln.apiKey';

export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export class ApiError extends Error {
  constructor(status, problem) {
    super(describeProblem(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

function describeProblem(status, problem) {
  if (!problem) return `HTTP ${status}`;
  const details = (problem.errors || []).map((e) => `${e.path}: ${e.reason}`);
  return [problem.detail || problem.title || `HTTP ${status}`, ...details].join('\n');
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** Called with no argument when the key is refused; the app shows the key form. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

async function send(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const key = apiKey.get();
  if (key) headers.set('Authorization', `Bearer ${key}`);
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) {
    apiKey.clear();
    onUnauthorized();
  }
  return response;
}

async function json(path, options) {
  const response = await send(path, options);
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

const post = (path, body) => json(path, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

export const api = {
  me: () => json('/api/v1/me'),
  datasets: () => json('/api/v1/datasets?size=100'),
  dataset: (id) => json(`/api/v1/datasets/${id}`),
  jobs: () => json('/api/v1/jobs?size=50'),
  job: (id) => json(`/api/v1/jobs/${id}`),
  metrics: (id) => json(`/api/v1/jobs/${id}/metrics`),
  checkpoints: (id) => json(`/api/v1/jobs/${id}/checkpoints`),
  evaluation: (id) => json(`/api/v1/jobs/${id}/evaluation`),
  submit: (spec) => post('/api/v1/jobs', spec),
  dryRun: (spec) => post('/api/v1/jobs?dryRun=true', spec),
  cancel: (id) => post(`/api/v1/jobs/${id}/cancel`),
  predict: (id, instances) => post(`/api/v1/jobs/${id}/predict`, { instances }),
  recipes: async () => (await (await fetch('/recipes/index.json')).json()).recipes,
  recipe: async (name) => (await fetch(`/recipes/${encodeURIComponent(name)}`)).json(),

  /** Fetches a checkpoint file with the key and hands it to the browser as a download. */
  async download(checkpointId, filename) {
    const response = await send(`/api/v1/checkpoints/${checkpointId}/download`);
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

/**
 * Follows a job live. Reads the server-sent events of /api/v1/jobs/{id}/events with fetch
 * (EventSource cannot send the key); where the stream is not served (404, 405) or fails
 * before it starts, polls the job and its metrics every second instead. The handlers get
 * {state}, {epoch: row}, {progress} and {job, metrics} (a full refresh). Returns a stop
 * function.
 */
export function follow(jobId, handlers) {
  const controller = new AbortController();
  let stopped = false;
  let lastEventId = null;
  let timer = null;

  const stop = () => {
    stopped = true;
    controller.abort();
    clearTimeout(timer);
  };

  async function refresh() {
    const [job, metrics] = await Promise.all([api.job(jobId), api.metrics(jobId)]);
    handlers.refresh?.(job, metrics.items);
    return job;
  }

  async function poll() {
    if (stopped) return;
    try {
      const job = await refresh();
      handlers.mode?.('polling');
      if (TERMINAL.has(job.status)) return;
    } catch (error) {
      handlers.error?.(error);
    }
    timer = setTimeout(poll, 1000);
  }

  async function stream(attempt = 0) {
    const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${apiKey.get()}` };
    if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId;
    let response;
    try {
      response = await fetch(`/api/v1/jobs/${jobId}/events`, { headers, signal: controller.signal });
    } catch (error) {
      if (!stopped) poll();
      return;
    }
    const type = response.headers.get('Content-Type') || '';
    if (!response.ok || !type.startsWith('text/event-stream')) {
      if (response.status === 401) {
        apiKey.clear();
        onUnauthorized();
        return;
      }
      poll();
      return;
    }
    handlers.mode?.('live');
    try {
      await readEvents(response.body, (event) => {
        if (event.id !== null) lastEventId = event.id;
        const data = event.data ? JSON.parse(event.data) : null;
        if (event.type === 'state') handlers.state?.(data);
        else if (event.type === 'epoch') handlers.epoch?.(data);
        else if (event.type === 'progress') handlers.progress?.(data);
      });
    } catch (error) {
      if (stopped) return;
    }
    if (stopped) return;
    // the stream closes when the job has ended; otherwise reconnect where it left off
    const job = await refresh().catch(() => null);
    if (job && !TERMINAL.has(job.status)) {
      timer = setTimeout(() => (attempt < 5 ? stream(attempt + 1) : poll()), 1000);
    }
  }

  refresh().then((job) => {
    if (!stopped && !TERMINAL.has(job.status)) stream();
  }).catch((error) => handlers.error?.(error));
  return stop;
}

/** Parses a text/event-stream body, calling onEvent({type, id, data}) for each event. */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: 'message', id: null, data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length) onEvent({ ...event, data: event.data.join('\n') });
        event = { type: 'message', id: null, data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const content = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.type = content;
      else if (field === 'data') event.data.push(content);
      else if (field === 'id') event.id = content;
    }
  }
}
