package dev.kiln.web;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The one standard for every name a user supplies: job, dataset, tenant and API key
 * names, and the class and feature names an upload brings (CSV headers, label and one-hot
 * values, image folder names, IDX class names). A name
 * <ul>
 * <li>is well-formed Unicode: no lone UTF-16 surrogate (a JSON escape of a lone U+D800
 * makes one);</li>
 * <li>holds no control (Cc), format (Cf) or line and paragraph separator (Zl, Zp)
 * characters: no CR, LF, NUL or tab, no bidirectional overrides or isolates, no
 * zero-width characters, joiners included (they would let two names that look the same
 * differ, and an emoji sequence or a Persian word without them still reads);</li>
 * <li>is stored in Unicode normalisation form C (NFC), so that names that differ only in
 * how their accents are encoded are the same name;</li>
 * <li>is at most a limit of characters (Unicode code points, counted in the NFC
 * form).</li>
 * </ul>
 * Identifiers (dataset and tenant names) are further limited to letters and digits of any
 * script (with their combining marks), {@code -}, {@code _} and {@code .}, and are never
 * path-like. The rule applies to input only: names stored before it keep being read,
 * listed and deleted as they are.
 */
public final class Names {

	private Names() {
	}

	/**
	 * Why a name breaks the standard, if it does: the first offending character and its
	 * 1-based position, or the length. Emptiness is the caller's to judge.
	 * @param maxLength the most characters (code points) the NFC form may have
	 */
	public static Optional<String> problem(String name, int maxLength) {
		if (name == null) {
			return Optional.empty();
		}
		int position = 0;
		for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
			int codePoint = name.codePointAt(i);
			position++;
			String refusal = refusal(codePoint);
			if (refusal != null) {
				return Optional.of(refusal + " at position " + position);
			}
		}
		String normalised = nfc(name);
		int length = normalised.codePointCount(0, normalised.length());
		if (length > maxLength) {
			return Optional.of("must be at most " + maxLength + " characters; got " + length);
		}
		return Optional.empty();
	}

	/**
	 * Why a label (a job or API key name) is refused, if it is: the standard, and nothing
	 * path-like ({@code /}, {@code \}, {@code ..}).
	 */
	public static Optional<String> labelProblem(String name, int maxLength) {
		Optional<String> problem = problem(name, maxLength);
		if (problem.isEmpty() && name != null && isPathLike(name)) {
			return Optional.of("must be a plain name: no '/', '\\' or '..'");
		}
		return problem;
	}

	/**
	 * Why an identifier (a dataset or tenant name) is refused, if it is: required, the
	 * standard, nothing path-like, and only letters and digits of any script (with their
	 * combining marks), {@code -}, {@code _} and {@code .}.
	 */
	public static Optional<String> identifierProblem(String name, int maxLength) {
		String allowed = "1 to " + maxLength + " letters (of any script), digits, '-', '_' or '.'";
		if (name == null || name.isEmpty()) {
			return Optional.of("is required: " + allowed);
		}
		Optional<String> problem = problem(name, maxLength);
		if (problem.isPresent()) {
			return problem;
		}
		if (isPathLike(name) || name.equals(".")) {
			return Optional.of("must be a plain name, not a path ('/', '\\', '.' and '..' are not allowed)");
		}
		int position = 0;
		for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
			int codePoint = name.codePointAt(i);
			position++;
			if (isMark(codePoint) && position == 1) {
				return Optional.of("must start with a letter, digit, '-', '_' or '.', not the combining mark "
						+ describe(codePoint));
			}
			if (!isIdentifierCharacter(codePoint)) {
				return Optional
					.of("must be " + allowed + "; " + describe(codePoint) + " at position " + position + " is not");
			}
		}
		return Optional.empty();
	}

	/**
	 * The name in normalisation form C, as it is stored and compared. Names of characters
	 * below U+0300 (which have no combining marks) are returned as they are.
	 */
	public static String nfc(String name) {
		if (name == null) {
			return null;
		}
		for (int i = 0; i < name.length(); i++) {
			if (name.charAt(i) >= '\u0300') {
				return Normalizer.normalize(name, Normalizer.Form.NFC);
			}
		}
		return name;
	}

	/**
	 * Text as messages may show it: every character the standard refuses becomes
	 * {@code <U+XXXX>}, so that an echoed name is one line, shows no hidden reordering
	 * and encodes as UTF-8.
	 */
	public static String shown(String text) {
		if (text == null) {
			return null;
		}
		StringBuilder shown = new StringBuilder(text.length());
		text.codePoints().forEach((codePoint) -> {
			if (isRefused(codePoint)) {
				shown.append("<").append(codePoint(codePoint)).append(">");
			}
			else {
				shown.appendCodePoint(codePoint);
			}
		});
		return shown.toString();
	}

	/** What is wrong with a character, or null if a name may hold it. */
	private static String refusal(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.SURROGATE -> "is not well-formed Unicode: a lone surrogate " + codePoint(codePoint);
			case Character.CONTROL -> "contains the control character " + describe(codePoint);
			case Character.FORMAT -> "contains the invisible format character " + describe(codePoint);
			case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
				"contains the line break " + describe(codePoint);
			default -> null;
		};
	}

	private static boolean isRefused(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.SURROGATE, Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
					Character.PARAGRAPH_SEPARATOR ->
				true;
			default -> false;
		};
	}

	private static boolean isPathLike(String name) {
		return name.contains("/") || name.contains("\\") || name.contains("..");
	}

	private static boolean isIdentifierCharacter(int codePoint) {
		return Character.isLetter(codePoint) || Character.getType(codePoint) == Character.DECIMAL_DIGIT_NUMBER
				|| isMark(codePoint) || codePoint == '-' || codePoint == '_' || codePoint == '.';
	}

	private static boolean isMark(int codePoint) {
		int type = Character.getType(codePoint);
		return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
				|| type == Character.ENCLOSING_MARK;
	}

	/** {@code U+000A LINE FEED (LF)}; {@code ' ' (U+0020 SPACE)} for printable ones. */
	private static String describe(int codePoint) {
		String name = Character.getName(codePoint);
		String described = codePoint(codePoint) + ((name != null) ? " " + name : "");
		return (isRefused(codePoint) || isMark(codePoint)) ? described
				: "'" + new String(Character.toChars(codePoint)) + "' (" + described + ")";
	}

	private static String codePoint(int codePoint) {
		return String.format("U+%04X", codePoint);
	}

}
