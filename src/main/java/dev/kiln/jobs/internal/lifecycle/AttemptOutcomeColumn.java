package dev.kiln.jobs.internal.lifecycle;

import jakarta.persistence.Converter;

/** Stores {@link JobAttempt#outcome()} as succeeded, failed, cancelled or interrupted. */
@Converter
public class AttemptOutcomeColumn extends WordColumn<AttemptOutcome> {

	public AttemptOutcomeColumn() {
		super(AttemptOutcome.class, AttemptOutcome::word);
	}

}
