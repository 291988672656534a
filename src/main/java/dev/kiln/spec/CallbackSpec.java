package dev.kiln.spec;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where Kiln posts a signed notice when the job succeeds, fails or is cancelled.
 *
 * @param url an absolute {@code http} or {@code https} URL without credentials, allowed
 * by the node's webhook allow-list
 */
public record CallbackSpec(@Schema(
		description = "Absolute http(s) URL, no user:password, at most 2048 characters; "
				+ "must pass the node's webhook allow-list (by default only public addresses)",
		example = "https://ci.example.com/kiln-hook") String url) {
}
