package dev.kiln.engine;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether the engine swaps in Kiln's CPU implementations ({@code dev.kiln.engine.cpu}):
 * dense, output and first-convolution layers, ReLU, dropout, softmax cross-entropy and
 * Adam, minibatches written straight into native memory. They read and write host memory
 * directly, which only ND4J's CPU backend shares with the JVM, so they are used only
 * there; everywhere else, and with {@link #OFF}, networks are DL4J's own and every array
 * goes through ND4J's ordinary API, which is what a GPU runs.
 * <p>
 * Either way, model files name only DL4J's own classes ({@link ModelFiles}).
 */
public enum Accelerations {

	/** Kiln's implementations on the CPU backend, DL4J's on any other. */
	AUTO,

	/** DL4J's implementations on every backend. */
	OFF;

	/** Whether Kiln's CPU implementations are used in this process. */
	public boolean active() {
		return this == AUTO && Nd4j.getEnvironment().isCPU();
	}

}
