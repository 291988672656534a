package dev.kiln.web;

import java.text.Normalizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

	private static final String DECOMPOSED = "donne\u0301es-e\u0301";

	private static final String COMPOSED = "donn\u00e9es-\u00e9";

	@Test
	void aLoneSurrogateIsNotWellFormedWhereverItIs() {
		assertThat(Names.problem("a\ud800b", 200))
			.contains("is not well-formed Unicode: a lone surrogate U+D800 at position 2");
		assertThat(Names.problem("ab\udc00", 200))
			.contains("is not well-formed Unicode: a lone surrogate U+DC00 at position 3");
		assertThat(Names.problem("\udbff", 200)).get().asString().contains("U+DBFF at position 1");
		// a surrogate pair is one character
		assertThat(Names.problem("\ud835\udc9c-x\ud800", 200)).get().asString().endsWith("at position 4");
		assertThat(Names.problem("\ud835\udc9c", 200)).isEmpty();
	}

	@Test
	void namesAreKeptInNfcSoThatCanonicallyEquivalentNamesAreOne() {
		assertThat(Names.nfc(DECOMPOSED)).isEqualTo(COMPOSED);
		assertThat(Names.nfc(COMPOSED)).isEqualTo(COMPOSED);
		assertThat(Names.nfc("\u2126")).as("OHM SIGN").isEqualTo("\u03a9");
		assertThat(Names.nfc("\u212b")).as("ANGSTROM SIGN").isEqualTo("\u00c5");
		assertThat(Names.nfc("plain-ascii_1.0")).isSameAs("plain-ascii_1.0");
		assertThat(Names.nfc(null)).isNull();
	}

	@Test
	void theLengthLimitCountsCharactersOfTheNfcForm() {
		assertThat(Names.problem("e\u0301".repeat(100), 100)).as("200 code points, 100 once composed").isEmpty();
		assertThat(Names.problem("\ud835\udc9c".repeat(100), 100)).as("100 characters beyond the BMP").isEmpty();
		assertThat(Names.problem("\ud835\udc9c".repeat(101), 100)).contains("must be at most 100 characters; got 101");
		assertThat(Names.problem("x".repeat(201), 200)).contains("must be at most 200 characters; got 201");
	}

	@Test
	void controlCharactersAreRefusedNamingTheCharacterAndItsPosition() {
		assertThat(Names.problem("ab\ncd", 200))
			.contains("contains the control character U+000A LINE FEED (LF) at position 3");
		assertThat(Names.problem("ab\rcd", 200))
			.contains("contains the control character U+000D CARRIAGE RETURN (CR) at position 3");
		assertThat(Names.problem("nul\u0000", 200))
			.contains("contains the control character U+0000 NULL at position 4");
		assertThat(Names.problem("tab\there", 200)).get().asString().contains("U+0009");
		assertThat(Names.problem("del\u007f", 200)).get().asString().contains("U+007F");
		assertThat(Names.problem("c1\u0085", 200)).get().asString().contains("U+0085");
	}

	@Test
	void bidirectionalOverridesAndIsolatesAreRefused() {
		assertThat(Names.problem("\u202eevil.exe", 200))
			.contains("contains the invisible format character U+202E RIGHT-TO-LEFT OVERRIDE at position 1");
		for (char bidi = '\u202a'; bidi <= '\u202e'; bidi++) {
			assertThat(Names.problem("a" + bidi, 200)).as("U+%04X", (int) bidi).isPresent();
		}
		for (char isolate = '\u2066'; isolate <= '\u2069'; isolate++) {
			assertThat(Names.problem("a" + isolate, 200)).as("U+%04X", (int) isolate).isPresent();
		}
		assertThat(Names.problem("a\u200fb", 200)).as("RIGHT-TO-LEFT MARK").isPresent();
	}

	/**
	 * Zero-width joiners and non-joiners are format characters too, and refused like the
	 * others: they would let two names that look the same differ. An emoji sequence or a
	 * Persian word without them still reads.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "\ud83d\udc69\u200d\ud83d\udcbb", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
			"ad\u200bmin", "\ufeffname", "soft\u00adhyphen", "flag\udb40\udc67" })
	void zeroWidthAndOtherInvisibleCharactersAreRefused(String name) {
		assertThat(Names.problem(name, 200)).get().asString().contains("invisible format character");
	}

	@Test
	void lineAndParagraphSeparatorsAreRefused() {
		assertThat(Names.problem("a\u2028b", 200))
			.contains("contains the line break U+2028 LINE SEPARATOR at position 2");
		assertThat(Names.problem("a\u2029b", 200)).get().asString().contains("U+2029");
	}

	@Test
	void lettersMarksSymbolsAndEmojiOfAnyScriptMakeLabels() {
		for (String label : new String[] { "Fashion-MNIST run 3 (lr=0.001)", COMPOSED, "\u6f22\u5b57\u306e\u540d\u524d",
				"\u0939\u093f\u0928\u094d\u0926\u0940", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
				"\ud83d\udd25 kiln", "\u2764\ufe0f", "T-shirt/top" }) {
			assertThat(Names.problem(label, 200)).as(label).isEmpty();
		}
	}

	@Test
	void labelsAreNeverPathLike() {
		assertThat(Names.labelProblem("lab machines", 100)).isEmpty();
		assertThat(Names.labelProblem("../etc/passwd", 100)).contains("must be a plain name: no '/', '\\' or '..'");
		assertThat(Names.labelProblem("a\\b", 100)).isPresent();
		assertThat(Names.labelProblem("a\nb", 100)).get().asString().contains("U+000A");
		assertThat(Names.labelProblem(null, 100)).isEmpty();
	}

	@Test
	void identifiersAreLettersAndDigitsOfAnyScriptWithTheirMarks() {
		for (String identifier : new String[] { "iris", COMPOSED, DECOMPOSED, "\u6f22\u5b57",
				"\u0395\u03bb\u03bb\u03ac\u03b4\u03b1", "\u0939\u093f\u0928\u094d\u0926\u0940", "\u0663\u0664-data",
				"my_set.v2", "-" }) {
			assertThat(Names.identifierProblem(identifier, 100)).as(identifier).isEmpty();
		}
		assertThat(Names.identifierProblem("with space", 100)).contains(
				"must be 1 to 100 letters (of any script), digits, '-', '_' or '.'; ' ' (U+0020 SPACE) at position 5 is not");
		assertThat(Names.identifierProblem("a\u00bd", 100)).as("a fraction is no digit")
			.get()
			.asString()
			.contains("U+00BD");
		assertThat(Names.identifierProblem("\u0301e", 100)).contains(
				"must start with a letter, digit, '-', '_' or '.', not the combining mark U+0301 COMBINING ACUTE ACCENT");
		assertThat(Names.identifierProblem("", 100))
			.contains("is required: 1 to 100 letters (of any script), digits, '-', '_' or '.'");
		assertThat(Names.identifierProblem(null, 100)).get().asString().startsWith("is required");
		assertThat(Names.identifierProblem("../x", 100)).get().asString().contains("not a path");
		assertThat(Names.identifierProblem(".", 100)).get().asString().contains("not a path");
		assertThat(Names.identifierProblem("a\u202eb", 100)).get().asString().contains("U+202E");
		assertThat(Names.identifierProblem("x".repeat(101), 100)).contains("must be at most 100 characters; got 101");
	}

	@Test
	void messagesShowRefusedCharactersAsCodePoints() {
		assertThat(Names.shown("cats\n/\u202e1.png\ud800")).isEqualTo("cats<U+000A>/<U+202E>1.png<U+D800>");
		assertThat(Names.shown(COMPOSED)).isEqualTo(COMPOSED);
	}

	/**
	 * Checking a name before normalising it finds what checking its NFC form would: no
	 * character the standard refuses is made or removed by NFC, and letters, marks and
	 * digits stay letters, marks and digits.
	 */
	@Test
	void normalisingNeitherMakesNorHidesARefusedCharacter() {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			if (Character.getType(codePoint) == Character.SURROGATE) {
				continue;
			}
			String text = "a" + new String(Character.toChars(codePoint));
			String normalised = Normalizer.normalize(text, Normalizer.Form.NFC);
			if (normalised.equals(text)) {
				continue;
			}
			assertThat(Names.problem(normalised, 10).isPresent()).as("U+%04X", codePoint)
				.isEqualTo(Names.problem(text, 10).isPresent());
			assertThat(Names.identifierProblem(normalised, 10).isPresent()).as("U+%04X", codePoint)
				.isEqualTo(Names.identifierProblem(text, 10).isPresent());
		}
	}

}
