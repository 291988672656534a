package dev.kiln.spec;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Half a cosine from {@code initialValue} at {@code t = 0} down to {@code floor} at
 * {@code totalSteps}, then {@code floor}.
 */
public final class CosineDecaySchedule extends DecayToFloorSchedule {

	private static final long serialVersionUID = 1L;

	@JsonProperty("totalSteps")
	private final long totalSteps;

	@JsonCreator
	public CosineDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
			@JsonProperty("initialValue") double initialValue, @JsonProperty("floor") double floor,
			@JsonProperty("totalSteps") long totalSteps) {
		super(scheduleType, initialValue, floor);
		this.totalSteps = positiveSteps(totalSteps);
	}

	@Override
	double decay(int t) {
		double progress = Math.min(t, this.totalSteps) / (double) this.totalSteps;
		return 0.5 * (1 + Math.cos(Math.PI * progress));
	}

	@Override
	double[] shape() {
		return new double[] { this.totalSteps };
	}

	public long getTotalSteps() {
		return this.totalSteps;
	}

	@Override
	public ISchedule clone() {
		return new CosineDecaySchedule(getScheduleType(), getInitialValue(), getFloor(), this.totalSteps);
	}

}
