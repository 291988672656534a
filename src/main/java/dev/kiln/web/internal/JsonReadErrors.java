package dev.kiln.web.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.io.ContentReference;

/**
 * Why Jackson could not read a JSON body, in the words of the body the client sent: where
 * it went wrong and what is wrong there. Jackson's own messages may name its read
 * features and constraint settings, and some embed a location whose source is redacted
 * ({@code [Source: REDACTED ...; byte offset: #UNKNOWN]}); none of that reaches a client.
 */
final class JsonReadErrors {

	/** {@code Unexpected close marker '}': expected ']' (for Array starting at ...)} */
	private static final Pattern MISMATCHED_CLOSE = Pattern
		.compile("Unexpected close marker '(.)': expected '(.)' \\(for (\\w+) starting at .*", Pattern.DOTALL);

	/** What Jackson adds to a message that a client cannot act on. */
	private static final Pattern PARSER_INTERNALS = Pattern.compile("\\s*\\((?:start marker at|for \\w+ starting at) "
			+ "\\[Source:.*\\]\\)|: enable `[^`]*` to allow|\\s*\\(not recognized as one since Feature '\\w+' not "
			+ "enabled for parser\\)|, from `[^`]*`", Pattern.DOTALL);

	/** What no reason may hold, should a message of Jackson's not be worded as above. */
	private static final Pattern LEFT_OVER = Pattern.compile("\\[Source:|REDACTED|#UNKNOWN|`");

	private JsonReadErrors() {
	}

	/**
	 * The reason a body the parser stopped reading is refused: the line and column where
	 * it stopped, and what it found there.
	 */
	static String malformed(StreamReadException ex) {
		TokenStreamLocation at = ex.getLocation();
		String where = "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
		String what = what(ex);
		return (what != null) ? where + ": " + what : where;
	}

	/**
	 * Jackson's message without what it adds for developers, or {@code null} when nothing
	 * of it can be shown.
	 */
	static String plain(String message) {
		if (message == null) {
			return null;
		}
		String plain = PARSER_INTERNALS.matcher(message).replaceAll("").strip();
		return (plain.isEmpty() || LEFT_OVER.matcher(plain).find()) ? null : plain;
	}

	private static String endOfInput(StreamReadException ex) {
		JsonToken token = (ex instanceof UnexpectedEndOfInputException end) ? end.getTokenBeingDecoded() : null;
		if (token == JsonToken.VALUE_STRING) {
			return "the body ends inside a string";
		}
		if (token == JsonToken.PROPERTY_NAME) {
			return "the body ends inside a property name";
		}
		String open = open(ex.processor());
		return (open != null) ? "the body ends before " + open + " is closed" : "unexpected end of the body";
	}

	private static String what(StreamReadException ex) {
		String message = ex.getOriginalMessage();
		if (ex instanceof UnexpectedEndOfInputException
				|| (message != null && message.startsWith("Unexpected end-of-input"))) {
			return endOfInput(ex);
		}
		Matcher close = (message != null) ? MISMATCHED_CLOSE.matcher(message) : null;
		if (close != null && close.matches()) {
			String open = open(ex.processor());
			return "found '" + close.group(1) + "' where '" + close.group(2) + "' should close "
					+ ((open != null) ? open : "the " + close.group(3).toLowerCase(Locale.ROOT));
		}
		return plain(message);
	}

	/**
	 * The array or object the parser was in when it stopped, and where it starts; null at
	 * the top level or when the parser is not known.
	 */
	private static String open(JsonParser parser) {
		TokenStreamContext context = (parser != null) ? parser.streamReadContext() : null;
		if (context == null || context.inRoot()) {
			return null;
		}
		String kind = "the " + (context.inArray() ? "array" : "object");
		TokenStreamLocation start = context.startLocation(ContentReference.unknown());
		if (start == null || start.getLineNr() < 1 || start.getColumnNr() < 1) {
			return kind;
		}
		return kind + " that starts at line " + start.getLineNr() + ", column " + start.getColumnNr();
	}

}
