package dev.kiln.datasets.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CsvDatasetParserTest {

	private final CsvDatasetParser parser = new CsvDatasetParser(1000, 100, 50);

	private final List<float[]> rows = new ArrayList<>();

	@Test
	void mapsTextLabelsToClassIndicesInLexicographicOrder() throws IOException {
		ParsedDataset parsed = parse("x,kind,y\n1,pear,2\n3,apple,4\n5,Zebra,6\n7,pear,8\n", "kind", null);
		assertThat(parsed.classNames()).containsExactly("Zebra", "apple", "pear");
		assertThat(parsed.labels()).containsExactly(2, 1, 0, 2);
		assertThat(parsed.featureNames()).containsExactly("x", "y");
		assertThat(parsed.featureShape()).containsExactly(2);
		assertThat(this.rows).extracting((row) -> row[0]).containsExactly(1f, 3f, 5f, 7f);
		assertThat(this.rows).extracting((row) -> row[1]).containsExactly(2f, 4f, 6f, 8f);
	}

	@Test
	void mapsIntegerLabelsToClassIndicesInNumericOrder() throws IOException {
		ParsedDataset parsed = parse("a,label\n1,10\n2,9\n3,-1\n4,10\n5,010\n", "label", null);
		assertThat(parsed.classNames()).containsExactly("-1", "9", "10");
		assertThat(parsed.labels()).containsExactly(2, 1, 0, 2, 2);
	}

	@Test
	void parsesNumbersAsFloatParseFloatDoesWithoutLocale() throws IOException {
		parse("a,b,c,d,y\n1e3, -2.5 ,0x1p3,.5,k\n0,0,0,0,j\n", "y", null);
		assertThat(this.rows.get(0)).containsExactly(1000f, -2.5f, 8f, 0.5f);
	}

	@Test
	void readsQuotedFieldsCrlfLinesAByteOrderMarkAndSkipsBlankLines() throws IOException {
		ParsedDataset parsed = parse("\uFEFF\"a\",\"the \"\"label\"\"\"\r\n\"1.5\",\"x, y\"\r\n\r\n2,z\r\n",
				"the \"label\"", null);
		assertThat(parsed.featureNames()).containsExactly("a");
		assertThat(parsed.classNames()).containsExactly("x, y", "z");
		assertThat(parsed.rows()).isEqualTo(2);
	}

	@Test
	void takesTheShapeWhenItsProductMatchesTheFeatureCount() throws IOException {
		ParsedDataset parsed = parse("p0,p1,p2,p3,y\n1,2,3,4,0\n5,6,7,8,1\n", "y", List.of(2, 2, 1));
		assertThat(parsed.featureShape()).containsExactly(2, 2, 1);
		assertThat(parsed.featureLength()).isEqualTo(4);
	}

	@Test
	void refusesAMissingValueNamingRowAndColumn() {
		DatasetFormatException ex = refused("a,b,y\n1,2,u\n3,,v\n");
		assertThat(ex.row()).isEqualTo(2);
		assertThat(ex.column()).isEqualTo("b");
		assertThat(ex.field()).isEqualTo("file");
		assertThat(ex).hasMessage("row 2 (line 3), column 'b': missing value");
	}

	@Test
	void refusesAMissingLabelNamingRowAndColumn() {
		DatasetFormatException ex = refused("a,b,y\n1,2,u\n3,4,\n");
		assertThat(ex.row()).isEqualTo(2);
		assertThat(ex.column()).isEqualTo("y");
		assertThat(ex).hasMessageContaining("missing label");
	}

	@Test
	void refusesANonNumericFeatureNamingRowAndColumn() {
		DatasetFormatException ex = refused("a,b,y\n1,2,u\n3,4,v\n5,six,u\n");
		assertThat(ex.row()).isEqualTo(3);
		assertThat(ex.column()).isEqualTo("b");
		assertThat(ex).hasMessage("row 3 (line 4), column 'b': 'six' is not a number (list the column in oneHot to "
				+ "encode its values as categories)");
	}

	@Test
	void refusesNaNNamingRowAndColumn() {
		DatasetFormatException ex = refused("a,b,y\n1,NaN,u\n3,4,v\n");
		assertThat(ex.row()).isEqualTo(1);
		assertThat(ex.column()).isEqualTo("b");
		assertThat(ex).hasMessageContaining("row 1 (line 2)").hasMessageContaining("NaN");
	}

	@Test
	void refusesInfinityAndOverflowNamingRowAndColumn() {
		DatasetFormatException infinity = refused("a,b,y\n1,2,u\n-Infinity,4,v\n");
		assertThat(infinity.row()).isEqualTo(2);
		assertThat(infinity.column()).isEqualTo("a");
		DatasetFormatException overflow = refused("a,b,y\n1,2,u\n3,1e39,v\n");
		assertThat(overflow.row()).isEqualTo(2);
		assertThat(overflow.column()).isEqualTo("b");
		assertThat(overflow).hasMessageContaining("infinite or outside the float range");
	}

	@Test
	void refusesAnEmptyFile() {
		assertThat(refused("")).hasMessageContaining("empty");
		assertThat(refused("\n\n")).hasMessageContaining("empty");
	}

	@Test
	void refusesAFileWithoutDataRows() {
		assertThat(refused("a,b,y\n")).hasMessageContaining("no data rows");
	}

	@Test
	void refusesAnUnknownLabelColumnListingTheColumns() {
		DatasetFormatException ex = refused("a,b,kind\n1,2,u\n", "y", null);
		assertThat(ex.field()).isEqualTo("labelColumn");
		assertThat(ex).hasMessage("the file has no column named 'y'; its columns are 'a', 'b', 'kind'");
	}

	@Test
	void refusesDuplicateColumnNames() {
		DatasetFormatException ex = refused("a,b,a,y\n1,2,3,u\n");
		assertThat(ex.column()).isEqualTo("a");
		assertThat(ex).hasMessageContaining("'a' appears twice (columns 1 and 3)");
	}

	@Test
	void refusesARowWithTheWrongNumberOfFieldsNamingIt() {
		DatasetFormatException tooFew = refused("a,b,y\n1,2,u\n3,v\n");
		assertThat(tooFew.row()).isEqualTo(2);
		assertThat(tooFew).hasMessage("row 2 (line 3): expected 3 fields as in the header, found 2");
		DatasetFormatException tooMany = refused("a,b,y\n1,2,u,9\n");
		assertThat(tooMany.row()).isEqualTo(1);
	}

	@Test
	void countsFileLinesAcrossBlankLinesAndQuotedLineBreaks() {
		DatasetFormatException ex = refused("a,b,y\n\n\"1\n\",2,u\n3,x,v\n");
		assertThat(ex.row()).isEqualTo(2);
		assertThat(ex).hasMessageStartingWith("row 2 (line 5), column 'b'");
	}

	@Test
	void refusesAColumnNameWithALineBreakOrNulNamingTheColumn() {
		DatasetFormatException lineFeed = refused("a,\"b\nc\",y\n1,2,u\n3,4,v\n");
		assertThat(lineFeed.field()).isEqualTo("file");
		assertThat(lineFeed.row()).isZero();
		assertThat(lineFeed.column()).isEqualTo("b<U+000A>c");
		assertThat(lineFeed).hasMessage("header (line 1), column 2 ('b<U+000A>c'): the column name contains the "
				+ "control character U+000A LINE FEED (LF) at position 2");
		assertThat(refused("a,\"b\rc\",y\n1,2,u\n3,4,v\n"))
			.hasMessageContaining("column 2 ('b<U+000D>c'): the column name contains the control character U+000D");
		assertThat(refused("a\u0000,b,y\n1,2,u\n3,4,v\n"))
			.hasMessageContaining("column 1 ('a<U+0000>'): the column name contains the control character U+0000");
		assertThat(refused("\u202eexe.a,y\n1,u\n3,v\n")).hasMessageContaining("U+202E RIGHT-TO-LEFT OVERRIDE");
	}

	@Test
	void refusesALabelThatBreaksTheNameStandardNamingItsRowAndColumn() {
		DatasetFormatException ex = refused("a,y\n1,u\n2,\"v\nw\"\n");
		assertThat(ex.row()).isEqualTo(2);
		assertThat(ex.column()).isEqualTo("y");
		assertThat(ex).hasMessage(
				"row 2 (line 3), column 'y': the label contains the control character U+000A LINE FEED (LF) at position 2");
	}

	@Test
	void keepsColumnNamesAndLabelsInNfcSoThatEquivalentLabelsAreOneClass() throws IOException {
		ParsedDataset parsed = parse("cafe\u0301,y\n1,e\u0301t\u00e9\n2,\u00e9t\u00e9\n3,hiver\n", "y", null);
		assertThat(parsed.featureNames()).containsExactly("caf\u00e9");
		assertThat(parsed.classNames()).containsExactly("hiver", "\u00e9t\u00e9");
		assertThat(parsed.labels()).containsExactly(1, 1, 0);
		assertThat(refused("a,\u00e9,e\u0301,y\n1,2,3,u\n4,5,6,v\n"))
			.hasMessageContaining("'\u00e9' appears twice (columns 2 and 3)");
	}

	@Test
	void refusesASingleClass() {
		assertThat(refused("a,y\n1,u\n2,u\n")).hasMessageContaining("at least two classes");
		assertThat(refused("a,y\n1,7\n2,07\n")).hasMessageContaining("at least two classes");
	}

	@Test
	void refusesAShapeWhoseProductDiffersFromTheFeatureCount() {
		DatasetFormatException ex = refused("p0,p1,p2,y\n1,2,3,u\n4,5,6,v\n", "y", List.of(2, 2, 1));
		assertThat(ex.field()).isEqualTo("shape");
		assertThat(ex).hasMessage("shape 2,2,1 holds 4 values but the file has 3 feature columns");
	}

	@Test
	void refusesAFileWithOnlyTheLabelColumn() {
		assertThat(refused("y\nu\nv\n")).hasMessageContaining("no feature columns");
	}

	@Test
	void refusesMoreRowsFeaturesOrClassesThanAllowed() {
		CsvDatasetParser small = new CsvDatasetParser(2, 2, 2);
		assertThat(refusedBy(small, "a,y\n1,u\n2,v\n3,u\n")).hasMessageContaining("more than 2 data rows");
		assertThat(refusedBy(small, "a,b,c,y\n1,2,3,u\n")).hasMessageContaining("more than 3 fields");
		assertThat(refusedBy(new CsvDatasetParser(10, 2, 2), "a,y\n1,u\n2,v\n3,w\n"))
			.hasMessageContaining("row 3 (line 4), column 'y': more than 2 distinct labels");
	}

	@Test
	void refusesAnUnclosedQuote() {
		assertThat(refused("a,y\n1,\"u\n")).hasMessageContaining("never closed");
	}

	@Test
	void encodesListedColumnsOneHotInPlaceWithSortedValues() throws IOException {
		String csv = "size,colour,w,y\n10,red,1.5,a\n2,blue,2.5,b\n10,green,3.5,a\n1.0,red,4.5,b\n";
		OneHotEncoding encoding = OneHotEncoding.scan(new StringReader(csv), List.of("colour", "size"), "y", 100, 1000);
		ParsedDataset parsed = this.parser.parse(new StringReader(csv), "y", null, encoding,
				(row) -> this.rows.add(row.clone()));
		assertThat(parsed.featureNames()).containsExactly("size=1.0", "size=2", "size=10", "colour=blue",
				"colour=green", "colour=red", "w");
		assertThat(parsed.featureShape()).containsExactly(7);
		assertThat(parsed.oneHotColumns()).containsExactly("colour", "size");
		assertThat(this.rows.get(0)).containsExactly(0, 0, 1, 0, 0, 1, 1.5f);
		assertThat(this.rows.get(1)).containsExactly(0, 1, 0, 1, 0, 0, 2.5f);
		assertThat(this.rows.get(2)).containsExactly(0, 0, 1, 0, 1, 0, 3.5f);
		assertThat(this.rows.get(3)).containsExactly(1, 0, 0, 0, 0, 1, 4.5f);
	}

	@Test
	void refusesOneHotColumnsThatAreMissingOrTheLabelOrGiveTooManyFeatures() {
		String csv = "colour,w,y\nred,1,a\nblue,2,b\ngreen,3,a\n";
		DatasetFormatException unknown = refusal(
				() -> OneHotEncoding.scan(new StringReader(csv), List.of("color"), "y", 100, 1000));
		assertThat(unknown.field()).isEqualTo("oneHot");
		assertThat(unknown)
			.hasMessage("lists 'color' but the file has no such column; its columns are 'colour', " + "'w', 'y'");
		assertThat(refusal(() -> OneHotEncoding.scan(new StringReader(csv), List.of("y"), "y", 100, 1000)))
			.hasMessage("lists the label column 'y'; labels are classes already");
		DatasetFormatException tooMany = refusal(
				() -> OneHotEncoding.scan(new StringReader(csv), List.of("colour"), "y", 3, 1000));
		assertThat(tooMany.field()).isEqualTo("oneHot");
		assertThat(tooMany.getMessage()).startsWith("encoding gives more than 3 features");
		DatasetFormatException missing = refusal(() -> OneHotEncoding
			.scan(new StringReader("colour,w,y\nred,1,a\n ,2,b\n"), List.of("colour"), "y", 100, 1000));
		assertThat(missing).hasMessage("row 2 (line 3), column 'colour': missing value");
	}

	@Test
	void refusesAOneHotValueThatBreaksTheNameStandardAndKeepsTheOthersInNfc() throws IOException {
		DatasetFormatException ex = refusal(() -> OneHotEncoding
			.scan(new StringReader("colour,w,y\nred,1,a\n\"re\u200dd\",2,b\n"), List.of("colour"), "y", 100, 1000));
		assertThat(ex.field()).isEqualTo("file");
		assertThat(ex).hasMessage("row 2 (line 3), column 'colour': the value contains the invisible format character "
				+ "U+200D ZERO WIDTH JOINER at position 3");
		String csv = "colour,w,y\nros\u00e9,1,a\nrose\u0301,2,b\n";
		OneHotEncoding encoding = OneHotEncoding.scan(new StringReader(csv), List.of("colour"), "y", 100, 1000);
		ParsedDataset parsed = this.parser.parse(new StringReader(csv), "y", null, encoding, (row) -> {
		});
		assertThat(parsed.featureNames()).containsExactly("colour=ros\u00e9", "w");
	}

	@Test
	void readsTheOneHotColumnList() {
		assertThat(OneHotEncoding.parseColumns(" colour , size")).containsExactly("colour", "size");
		assertThatIllegalArgumentException().isThrownBy(() -> OneHotEncoding.parseColumns("a,,b"));
		assertThatIllegalArgumentException().isThrownBy(() -> OneHotEncoding.parseColumns("a,a"))
			.withMessage("lists 'a' twice");
		assertThat(OneHotEncoding.parseColumns("cafe\u0301")).containsExactly("caf\u00e9");
		assertThatIllegalArgumentException().isThrownBy(() -> OneHotEncoding.parseColumns("a,b\nc"))
			.withMessage("column name 2 contains the control character U+000A LINE FEED (LF) at position 2");
	}

	private ParsedDataset parse(String csv, String labelColumn, List<Integer> shape) throws IOException {
		return this.parser.parse(new StringReader(csv), labelColumn, shape, (row) -> this.rows.add(row.clone()));
	}

	private DatasetFormatException refused(String csv) {
		return refused(csv, "y", null);
	}

	private DatasetFormatException refused(String csv, String labelColumn, List<Integer> shape) {
		return refusal(() -> parse(csv, labelColumn, shape));
	}

	private static DatasetFormatException refusedBy(CsvDatasetParser parser, String csv) {
		return refusal(() -> parser.parse(new StringReader(csv), "y", null, (row) -> {
		}));
	}

	private static DatasetFormatException refusal(ThrowingCallable call) {
		return catchThrowableOfType(DatasetFormatException.class, call);
	}

}
