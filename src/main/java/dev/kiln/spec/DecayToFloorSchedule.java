package dev.kiln.spec;

import java.util.Arrays;
import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning rate that falls from {@code initialValue} towards {@code floor}:
 * {@code floor + (initialValue - floor) * decay(t)}, where {@code t} is the iteration or
 * the epoch and {@code decay} falls from 1 to 0. Subclasses say how it falls. DL4J has no
 * such schedules: model files carry the learning rate in force instead, and a resumed job
 * takes its schedule from its spec again.
 */
abstract class DecayToFloorSchedule implements ISchedule {

	private static final long serialVersionUID = 1L;

	@JsonProperty("scheduleType")
	private final ScheduleType scheduleType;

	@JsonProperty("initialValue")
	private final double initialValue;

	@JsonProperty("floor")
	private final double floor;

	DecayToFloorSchedule(ScheduleType scheduleType, double initialValue, double floor) {
		this.scheduleType = Objects.requireNonNull(scheduleType, "scheduleType");
		this.initialValue = initialValue;
		this.floor = floor;
	}

	@Override
	public final double valueAt(int iteration, int epoch) {
		int t = (this.scheduleType == ScheduleType.ITERATION) ? iteration : epoch;
		return this.floor + (this.initialValue - this.floor) * decay(Math.max(t, 0));
	}

	@Override
	public abstract ISchedule clone();

	/** From 1 at {@code t = 0} down to 0. */
	abstract double decay(int t);

	/**
	 * The parameters besides type, initial value and floor, for equality and printing.
	 */
	abstract double[] shape();

	public ScheduleType getScheduleType() {
		return this.scheduleType;
	}

	public double getInitialValue() {
		return this.initialValue;
	}

	public double getFloor() {
		return this.floor;
	}

	@Override
	public boolean equals(Object other) {
		return other != null && other.getClass() == getClass()
				&& this.scheduleType == ((DecayToFloorSchedule) other).scheduleType
				&& Double.compare(this.initialValue, ((DecayToFloorSchedule) other).initialValue) == 0
				&& Double.compare(this.floor, ((DecayToFloorSchedule) other).floor) == 0
				&& Arrays.equals(shape(), ((DecayToFloorSchedule) other).shape());
	}

	@Override
	public int hashCode() {
		return Objects.hash(getClass(), this.scheduleType, this.initialValue, this.floor, Arrays.hashCode(shape()));
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "(" + this.scheduleType + ", initialValue=" + this.initialValue + ", floor="
				+ this.floor + ", " + Arrays.toString(shape()) + ")";
	}

	static long positiveSteps(long totalSteps) {
		if (totalSteps < 1) {
			throw new IllegalArgumentException("totalSteps must be positive: " + totalSteps);
		}
		return totalSteps;
	}

}
