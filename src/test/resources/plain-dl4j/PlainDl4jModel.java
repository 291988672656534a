import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain DL4J application, run by PlainDl4jIT with DL4J's and ND4J's jars and no Kiln
 * class: it opens a model file Kiln wrote, predicts with it and trains it one more epoch.
 * <p>
 * Usage: {@code java PlainDl4jModel.java <model.zip> <rows.csv> <results.txt>}, where each
 * line of rows.csv is a class index followed by the row's raw features, and results.txt
 * gets a line {@code normalizer <class>} (the scaling stored with the model, applied to
 * the rows), a line {@code output p0 p1 ...} a row, then
 * {@code fit <epochs before> <epochs after> <iterations before> <iterations after> <score>}.
 */
public class PlainDl4jModel {

    public static void main(String[] args) throws IOException {
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new File(args[0]), true);
        List<String> lines = Files.readAllLines(Path.of(args[1]));
        int features = lines.get(0).split(",").length - 1;
        INDArray rows = Nd4j.create(DataType.FLOAT, lines.size(), features);
        int[] classes = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",");
            classes[i] = Integer.parseInt(fields[0]);
            for (int j = 0; j < features; j++) {
                rows.putScalar(i, j, Double.parseDouble(fields[j + 1]));
            }
        }
        try (PrintWriter results = new PrintWriter(Files.newBufferedWriter(Path.of(args[2])))) {
            DataNormalization normalizer = ModelSerializer.restoreNormalizerFromFile(new File(args[0]));
            results.println("normalizer " + ((normalizer != null) ? normalizer.getClass().getName() : "none"));
            if (normalizer != null) {
                normalizer.transform(rows);
            }
            INDArray probabilities = network.output(rows);
            for (int i = 0; i < lines.size(); i++) {
                StringBuilder line = new StringBuilder("output");
                for (int c = 0; c < probabilities.columns(); c++) {
                    line.append(' ').append(probabilities.getDouble(i, c));
                }
                results.println(line);
            }

            INDArray labels = Nd4j.zeros(DataType.FLOAT, lines.size(), probabilities.columns());
            for (int i = 0; i < classes.length; i++) {
                labels.putScalar(i, classes[i], 1.0);
            }
            int epochsBefore = network.getEpochCount();
            int iterationsBefore = network.getIterationCount();
            network.fit(new ViewIterator(new DataSet(rows, labels), 5));
            results.println("fit " + epochsBefore + " " + network.getEpochCount() + " " + iterationsBefore + " "
                    + network.getIterationCount() + " " + network.score());
        }
    }

}
