package dev.kiln.jobs.internal.run;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.kiln.web.ApiException;

/**
 * Words a job's failure for the people who read it in the API: the exception's message,
 * without the Java class names that wrapping exceptions put in front of it. The log keeps
 * the exception's class and stack trace.
 */
final class JobErrors {

	/**
	 * Given when no exception in the chain says anything: an exception without a message
	 * (a NullPointerException of a library, say).
	 */
	static final String UNEXPLAINED = "an unexpected error stopped the attempt; the node's log has the details";

	/**
	 * A class name that {@code Throwable.toString()} puts before a message: a
	 * package-qualified exception or error name anywhere a message may begin, or a simple
	 * one at the very start.
	 */
	private static final Pattern CLASS_PREFIX = Pattern
		.compile("(^|: |\\()(?:(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*|^[A-Z][\\w$]*)(?:Exception|Error)(?:: ?|$)");

	private JobErrors() {
	}

	/** What went wrong, in words. */
	static String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ApiException api && !api.errors().isEmpty()) {
				// the job's spec or data is refused now as it would be at submission
				return "the job can no longer run as submitted: " + api.errors()
					.stream()
					.map((error) -> error.path() + ": " + error.reason())
					.collect(Collectors.joining("; "));
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String message = message(cause);
			if (message != null) {
				return message;
			}
		}
		return UNEXPLAINED;
	}

	/** The exception's own message, without class names; null if it has none. */
	private static String message(Throwable ex) {
		String message = (ex instanceof FileSystemException file) ? fileMessage(file) : ex.getMessage();
		if (ex instanceof OutOfMemoryError && message != null) {
			// "Java heap space" says nothing by itself
			return "out of memory: " + message;
		}
		if (message == null || (ex.getCause() != null && message.equals(ex.getCause().toString()))) {
			// new UncheckedIOException(cause) and the like: the cause speaks for itself
			return null;
		}
		String stripped = message;
		for (String previous = null; !stripped.equals(previous);) {
			previous = stripped;
			stripped = CLASS_PREFIX.matcher(stripped).replaceAll("$1").strip();
		}
		return stripped.isEmpty() ? null : stripped;
	}

	private static String fileMessage(FileSystemException ex) {
		String reason = (ex.getReason() != null) ? ex.getReason() : (ex instanceof NoSuchFileException) ? "no such file"
				: (ex instanceof AccessDeniedException) ? "access denied" : "cannot be used";
		return (ex.getFile() != null) ? ex.getFile() + ": " + reason : reason;
	}

}
