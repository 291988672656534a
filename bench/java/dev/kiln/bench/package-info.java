/**
 * Kiln's benchmark suite: side-by-side measurements of Kiln against a bare DL4J loop,
 * PyTorch and in-process inference, printed as ratios. Started by {@code bench/run}.
 */
package dev.kiln.bench;
