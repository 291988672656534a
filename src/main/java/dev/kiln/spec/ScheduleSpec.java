package dev.kiln.spec;

import io.swagger.v3.oas.annotations.media.Schema;

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
@Schema(description = "How the learning rate changes, starting from the optimizer's learning rate")
public record ScheduleSpec(
		@Schema(description = "fixed (the default), exponential, step, cosine or polynomial",
				example = "exponential") String type,
		@Schema(description = "exponential, cosine, polynomial: the lowest learning rate") Double floor,
		@Schema(description = "exponential: floor + (lr - floor) * exp(-t / decaySteps)") Double decaySteps,
		@Schema(description = "step: the factor the rate is multiplied by every 'every' units") Double factor,
		@Schema(description = "step: how many units between steps") Integer every,
		@Schema(description = "polynomial: (lr - floor) * (1 - t/T)^power + floor") Double power,
		@Schema(description = "iteration (the default) or epoch: what t counts") String unit) {
}
