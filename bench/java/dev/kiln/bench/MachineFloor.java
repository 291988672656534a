package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How steady the machine is by itself, the floor under any epoch spread: two fixed loops
 * timed in alternating windows as long as an epoch. One works in registers only (integer
 * arithmetic), one streams over 256 KiB of floats (a dense layer's weights, held in the
 * core's L2 cache). On a virtual machine whose host shares its caches and memory with
 * other guests, the second swings where the first does not; a training epoch, which
 * streams far more memory, cannot be steadier than it.
 */
final class MachineFloor {

	/** Floats the memory loop streams over per pass: 256 KiB. */
	private static final int FLOATS = 64 * 1024;

	/**
	 * Each loop's rate (passes per second) in each of its windows.
	 *
	 * @param memory the loop over 256 KiB
	 * @param registers the loop in registers
	 */
	record Rates(List<Double> memory, List<Double> registers) {

		Rates {
			memory = List.copyOf(memory);
			registers = List.copyOf(registers);
		}

		static double spread(List<Double> rates) {
			return Samples.percentile(rates, 100) / Samples.percentile(rates, 0);
		}

	}

	/** Where the loops' results go. */
	static volatile double sink;

	private MachineFloor() {
	}

	/** {@code windows} windows of each loop, alternating, each {@code windowMillis} long. */
	static Rates measure(int windows, long windowMillis) {
		float[] values = new float[FLOATS];
		long state = 1;
		List<Double> memory = new ArrayList<>();
		List<Double> registers = new ArrayList<>();
		long windowNanos = windowMillis * 1_000_000L;
		// one window of each first, unmeasured: the JIT compiles both loops
		for (int window = -1; window < windows; window++) {
			long start = System.nanoTime();
			long passes = 0;
			while (System.nanoTime() - start < windowNanos) {
				stream(values);
				passes++;
			}
			double memoryRate = passes * 1e9 / (System.nanoTime() - start);
			start = System.nanoTime();
			passes = 0;
			while (System.nanoTime() - start < windowNanos) {
				state = arithmetic(state);
				passes++;
			}
			double registerRate = passes * 1e9 / (System.nanoTime() - start);
			if (window >= 0) {
				memory.add(memoryRate);
				registers.add(registerRate);
			}
		}
		// the loops' results, kept so that the JIT cannot drop the loops
		sink = values[FLOATS / 2] + state;
		return new Rates(memory, registers);
	}

	private static void stream(float[] values) {
		for (int i = 0; i < values.length; i++) {
			values[i] = values[i] * 0.999f + 1f;
		}
	}

	/** A million steps of a linear congruential generator: registers only. */
	private static long arithmetic(long state) {
		long x = state;
		for (int i = 0; i < 1_000_000; i++) {
			x = x * 6364136223846793005L + 1442695040888963407L;
		}
		return x;
	}

}
