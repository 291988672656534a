package dev.kiln.jobs.internal.run;

import java.util.List;
import java.util.Locale;

import dev.kiln.metrics.EpochMetrics;
import dev.kiln.spec.CompiledSpec;

/**
 * Watches a job's validation metric epoch by epoch and says when it has gone
 * {@code patience} epochs without improving on the best epoch by at least
 * {@code minDelta}. Holds no state but what the metric rows hold, so a resumed attempt
 * rebuilds it by replaying the rows of the epochs it keeps.
 */
final class EarlyStopping {

	private final CompiledSpec.EarlyStopping settings;

	private double best = Double.NaN;

	private int bestEpoch;

	private int stoppedAt;

	EarlyStopping(CompiledSpec.EarlyStopping settings) {
		this.settings = settings;
	}

	/** The state after the epochs already recorded (oldest first). */
	static EarlyStopping replay(CompiledSpec.EarlyStopping settings, List<EpochMetrics> rows) {
		EarlyStopping early = new EarlyStopping(settings);
		for (EpochMetrics row : rows) {
			early.observe(row.epoch(), row.validationLoss(), row.validationAccuracy());
		}
		return early;
	}

	/**
	 * Takes one finished epoch into account.
	 * @return whether training should stop after this epoch
	 */
	boolean observe(int epoch, double validationLoss, double validationAccuracy) {
		double value = this.settings.higherIsBetter() ? validationAccuracy : validationLoss;
		if (Double.isFinite(value) && improves(value)) {
			this.best = value;
			this.bestEpoch = epoch;
		}
		if (this.stoppedAt == 0 && epoch - this.bestEpoch >= this.settings.patience()) {
			this.stoppedAt = epoch;
		}
		return this.stoppedAt != 0;
	}

	private boolean improves(double value) {
		if (this.bestEpoch == 0) {
			return true;
		}
		double gain = this.settings.higherIsBetter() ? value - this.best : this.best - value;
		return gain > 0 && gain >= this.settings.minDelta();
	}

	boolean triggered() {
		return this.stoppedAt != 0;
	}

	int bestEpoch() {
		return this.bestEpoch;
	}

	int stoppedAt() {
		return this.stoppedAt;
	}

	/** Why training stopped, for the job's last transition. */
	String reason() {
		String best = (this.bestEpoch == 0) ? "no epoch had a finite " + this.settings.metric() : "best epoch "
				+ this.bestEpoch + ", " + this.settings.metric() + " " + String.format(Locale.ROOT, "%.6g", this.best);
		return "stopped early at epoch " + this.stoppedAt + ": " + this.settings.metric()
				+ " did not improve by at least " + this.settings.minDelta() + " for " + this.settings.patience()
				+ " epoch(s) (" + best + ")";
	}

}
