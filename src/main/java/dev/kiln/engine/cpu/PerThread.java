package dev.kiln.engine.cpu;

import java.util.function.Supplier;

/**
 * A value for the thread that uses it, made again when another thread asks: a layer's
 * {@link PreparedOp prepared ops} hold the arrays of the call in progress, and while one
 * thread trains a network, another may use it later (an evaluation, a prediction). The
 * value and its thread are read together, so two threads never share a value, even when
 * they race to replace it.
 */
final class PerThread<T> {

	private record Owned<T>(Thread owner, T value) {
	}

	private final Supplier<T> factory;

	private Owned<T> owned;

	PerThread(Supplier<T> factory) {
		this.factory = factory;
	}

	/** The calling thread's value. */
	T get() {
		Thread current = Thread.currentThread();
		Owned<T> mine = this.owned;
		if (mine == null || mine.owner() != current) {
			mine = new Owned<>(current, this.factory.get());
			this.owned = mine;
		}
		return mine.value();
	}

}
