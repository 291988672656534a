package dev.kiln.spec;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * {@code (initialValue - floor) * (1 - min(t, totalSteps) / totalSteps)^power + floor}:
 * from {@code initialValue} at {@code t = 0} down to {@code floor} at {@code totalSteps},
 * then {@code floor}.
 */
public final class PolynomialDecaySchedule extends DecayToFloorSchedule {

	private static final long serialVersionUID = 1L;

	@JsonProperty("power")
	private final double power;

	@JsonProperty("totalSteps")
	private final long totalSteps;

	@JsonCreator
	public PolynomialDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
			@JsonProperty("initialValue") double initialValue, @JsonProperty("floor") double floor,
			@JsonProperty("power") double power, @JsonProperty("totalSteps") long totalSteps) {
		super(scheduleType, initialValue, floor);
		this.power = power;
		this.totalSteps = positiveSteps(totalSteps);
	}

	@Override
	double decay(int t) {
		double progress = Math.min(t, this.totalSteps) / (double) this.totalSteps;
		return Math.pow(1 - progress, this.power);
	}

	@Override
	double[] shape() {
		return new double[] { this.power, this.totalSteps };
	}

	public double getPower() {
		return this.power;
	}

	public long getTotalSteps() {
		return this.totalSteps;
	}

	@Override
	public ISchedule clone() {
		return new PolynomialDecaySchedule(getScheduleType(), getInitialValue(), getFloor(), this.power,
				this.totalSteps);
	}

}
