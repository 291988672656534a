package dev.kiln.spec;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * {@code floor + (initialValue - floor) * exp(-t / decaySteps)}: from
 * {@code initialValue} down towards {@code floor}, never below it (the classic 0.003 to
 * 0.0001 decay).
 */
public final class ExponentialDecaySchedule extends DecayToFloorSchedule {

	private static final long serialVersionUID = 1L;

	@JsonProperty("decaySteps")
	private final double decaySteps;

	@JsonCreator
	public ExponentialDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
			@JsonProperty("initialValue") double initialValue, @JsonProperty("floor") double floor,
			@JsonProperty("decaySteps") double decaySteps) {
		super(scheduleType, initialValue, floor);
		this.decaySteps = decaySteps;
	}

	@Override
	double decay(int t) {
		return Math.exp(-t / this.decaySteps);
	}

	@Override
	double[] shape() {
		return new double[] { this.decaySteps };
	}

	public double getDecaySteps() {
		return this.decaySteps;
	}

	@Override
	public ISchedule clone() {
		return new ExponentialDecaySchedule(getScheduleType(), getInitialValue(), getFloor(), this.decaySteps);
	}

}
