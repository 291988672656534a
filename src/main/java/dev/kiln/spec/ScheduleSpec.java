package dev.kiln.spec;

/**
 * How the learning rate changes, starting from the optimizer's learning rate.
 * <ul>
 * <li>{@code fixed}: constant (the default when no schedule is given);</li>
 * <li>{@code exponential}: {@code floor + (lr - floor) * exp(-t / decaySteps)}, the
 * classic 0.003 to 0.0001 decay;</li>
 * <li>{@code step}: multiplied by {@code factor} every {@code every} units;</li>
 * <li>{@code cosine}: from lr down to {@code floor} over the whole training along a half
 * cosine;</li>
 * <li>{@code polynomial}: {@code (lr - floor) * (1 - t/T)^power + floor} over the whole
 * training.</li>
 * </ul>
 *
 * @param unit {@code iteration} (default) or {@code epoch}: what {@code t} counts
 */
public record ScheduleSpec(String type, Double floor, Double decaySteps, Double factor, Integer every, Double power,
		String unit) {
}
