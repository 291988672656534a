package dev.kiln.spec;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * {@code floor + (initialValue - floor) * exp(-t / decaySteps)}, where {@code t} is the
 * iteration or the epoch: from {@code initialValue} down towards {@code floor}, never
 * below it. Serialises with DL4J's configuration JSON (its class name is stored in
 * models: do not rename or move).
 */
public final class ExponentialDecaySchedule implements ISchedule {

	private static final long serialVersionUID = 1L;

	@JsonProperty("scheduleType")
	private final ScheduleType scheduleType;

	@JsonProperty("initialValue")
	private final double initialValue;

	@JsonProperty("floor")
	private final double floor;

	@JsonProperty("decaySteps")
	private final double decaySteps;

	@JsonCreator
	public ExponentialDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
			@JsonProperty("initialValue") double initialValue, @JsonProperty("floor") double floor,
			@JsonProperty("decaySteps") double decaySteps) {
		this.scheduleType = Objects.requireNonNull(scheduleType, "scheduleType");
		this.initialValue = initialValue;
		this.floor = floor;
		this.decaySteps = decaySteps;
	}

	@Override
	public double valueAt(int iteration, int epoch) {
		int t = (this.scheduleType == ScheduleType.ITERATION) ? iteration : epoch;
		return this.floor + (this.initialValue - this.floor) * Math.exp(-t / this.decaySteps);
	}

	@Override
	public ISchedule clone() {
		return new ExponentialDecaySchedule(this.scheduleType, this.initialValue, this.floor, this.decaySteps);
	}

	public ScheduleType getScheduleType() {
		return this.scheduleType;
	}

	public double getInitialValue() {
		return this.initialValue;
	}

	public double getFloor() {
		return this.floor;
	}

	public double getDecaySteps() {
		return this.decaySteps;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ExponentialDecaySchedule that && this.scheduleType == that.scheduleType
				&& Double.compare(this.initialValue, that.initialValue) == 0
				&& Double.compare(this.floor, that.floor) == 0 && Double.compare(this.decaySteps, that.decaySteps) == 0;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.scheduleType, this.initialValue, this.floor, this.decaySteps);
	}

	@Override
	public String toString() {
		return "ExponentialDecaySchedule(" + this.scheduleType + ", initialValue=" + this.initialValue + ", floor="
				+ this.floor + ", decaySteps=" + this.decaySteps + ")";
	}

}
