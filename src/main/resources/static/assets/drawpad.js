// A canvas to draw a digit (or anything) on, read back as a grey image of the model's
// input size in the dataset's raw pixel range (ink high, background 0, as MNIST and the
// 8x8 digits are stored); Kiln applies the job's normalisation itself.

const SIZE = 280;

export class DrawPad {
  constructor(height, width) {
    this.height = height;
    this.width = width;
    this.canvas = Object.assign(document.createElement('canvas'), { width: SIZE, height: SIZE, className: 'drawpad', tabIndex: 0 });
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `Drawing area, read as a ${height} by ${width} image`);
    this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    this.clear();
    let last = null;
    const position = (event) => {
      const box = this.canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * (SIZE / box.width), (event.clientY - box.top) * (SIZE / box.height)];
    };
    this.canvas.addEventListener('pointerdown', (event) => {
      this.canvas.setPointerCapture?.(event.pointerId);
      last = position(event);
      this.stroke(last, last);
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (!last) return;
      const next = position(event);
      this.stroke(last, next);
      last = next;
    });
    for (const end of ['pointerup', 'pointercancel', 'pointerleave']) this.canvas.addEventListener(end, () => { last = null; });
  }

  clear() {
    this.context.fillStyle = '#fff';
    this.context.fillRect(0, 0, SIZE, SIZE);
    this.canvas.dispatchEvent(new Event('change'));
  }

  stroke([x0, y0], [x1, y1]) {
    const c = this.context;
    c.strokeStyle = '#000';
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.lineWidth = SIZE / Math.max(this.height, this.width) * 1.1;
    c.beginPath();
    c.moveTo(x0, y0);
    c.lineTo(x1 + 0.01, y1);
    c.stroke();
    this.canvas.dispatchEvent(new Event('change'));
  }

  /** Ink per target pixel from 0 to 1: the mean darkness of the canvas pixels it covers. */
  ink() {
    const { data } = this.context.getImageData(0, 0, SIZE, SIZE);
    const sums = new Float64Array(this.height * this.width);
    const counts = new Float64Array(this.height * this.width);
    for (let y = 0; y < SIZE; y++) {
      const row = Math.min(this.height - 1, Math.floor((y * this.height) / SIZE));
      for (let x = 0; x < SIZE; x++) {
        const column = Math.min(this.width - 1, Math.floor((x * this.width) / SIZE));
        const i = (y * SIZE + x) * 4;
        const luminance = (0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]) / 255;
        sums[row * this.width + column] += 1 - luminance;
        counts[row * this.width + column] += 1;
      }
    }
    return Array.from(sums, (sum, i) => sum / counts[i]);
  }

  /** The instance to send: [height][width] for one channel, else [height][width][channels]. */
  instance(channels, maximum) {
    const ink = this.ink();
    const rows = [];
    for (let y = 0; y < this.height; y++) {
      const row = [];
      for (let x = 0; x < this.width; x++) {
        const value = Math.round(ink[y * this.width + x] * maximum * 100) / 100;
        row.push(channels === 1 ? value : Array(channels).fill(value));
      }
      rows.push(row);
    }
    return rows;
  }

  /** Draws what the model will see, enlarged, on a small canvas. */
  preview(target) {
    const ink = this.ink();
    const scale = Math.max(1, Math.floor(112 / Math.max(this.height, this.width)));
    target.width = this.width * scale;
    target.height = this.height * scale;
    const c = target.getContext('2d');
    ink.forEach((value, i) => {
      const grey = Math.round(255 * (1 - value));
      c.fillStyle = `rgb(${grey},${grey},${grey})`;
      c.fillRect((i % this.width) * scale, Math.floor(i / this.width) * scale, scale, scale);
    });
  }
}

/**
 * The largest raw pixel value of an image dataset: Kiln's built-in 8x8 digits count ink
 * from 0 to 16; IDX files and image zips are stored as 0 to 255.
 */
export function pixelMaximum(dataset) {
  return dataset.source === 'builtin' && dataset.name === 'digits8x8' ? 16 : 255;
}
