package dev.kiln.webhooks;

import java.util.Optional;

/**
 * Decides whether a job may name a callback URL: its syntax, and whether the host and
 * every address it resolves to are allowed ({@link WebhooksProperties}). Used at
 * submission, and again before every delivery (a host's addresses can change after it was
 * accepted).
 */
public interface CallbackPolicy {

	/** At most this many characters. */
	int MAX_URL_LENGTH = 2048;

	/** Why {@code url} may not be called, or empty if it may. */
	Optional<String> refusal(String url);

}
