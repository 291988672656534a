package dev.kiln.spec;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * {@code (initialValue - floor) * (1 - min(t, totalSteps) / totalSteps)^power + floor},
 * where {@code t} is the iteration or the epoch: from {@code initialValue} at
 * {@code t = 0} down to {@code floor} at {@code totalSteps}, then {@code floor}.
 * Serialises with DL4J's configuration JSON (its class name is stored in models: do not
 * rename or move).
 */
public final class PolynomialDecaySchedule implements ISchedule {

	private static final long serialVersionUID = 1L;

	@JsonProperty("scheduleType")
	private final ScheduleType scheduleType;

	@JsonProperty("initialValue")
	private final double initialValue;

	@JsonProperty("floor")
	private final double floor;

	@JsonProperty("power")
	private final double power;

	@JsonProperty("totalSteps")
	private final long totalSteps;

	@JsonCreator
	public PolynomialDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
			@JsonProperty("initialValue") double initialValue, @JsonProperty("floor") double floor,
			@JsonProperty("power") double power, @JsonProperty("totalSteps") long totalSteps) {
		if (totalSteps < 1) {
			throw new IllegalArgumentException("totalSteps must be positive: " + totalSteps);
		}
		this.scheduleType = Objects.requireNonNull(scheduleType, "scheduleType");
		this.initialValue = initialValue;
		this.floor = floor;
		this.power = power;
		this.totalSteps = totalSteps;
	}

	@Override
	public double valueAt(int iteration, int epoch) {
		int t = (this.scheduleType == ScheduleType.ITERATION) ? iteration : epoch;
		double progress = Math.min(Math.max(t, 0), this.totalSteps) / (double) this.totalSteps;
		return (this.initialValue - this.floor) * Math.pow(1 - progress, this.power) + this.floor;
	}

	@Override
	public ISchedule clone() {
		return new PolynomialDecaySchedule(this.scheduleType, this.initialValue, this.floor, this.power,
				this.totalSteps);
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

	public double getPower() {
		return this.power;
	}

	public long getTotalSteps() {
		return this.totalSteps;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PolynomialDecaySchedule that && this.scheduleType == that.scheduleType
				&& Double.compare(this.initialValue, that.initialValue) == 0
				&& Double.compare(this.floor, that.floor) == 0 && Double.compare(this.power, that.power) == 0
				&& this.totalSteps == that.totalSteps;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.scheduleType, this.initialValue, this.floor, this.power, this.totalSteps);
	}

	@Override
	public String toString() {
		return "PolynomialDecaySchedule(" + this.scheduleType + ", initialValue=" + this.initialValue + ", floor="
				+ this.floor + ", power=" + this.power + ", totalSteps=" + this.totalSteps + ")";
	}

}
