package dev.kiln.bench.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.kiln.bench.FashionMnist;
import dev.kiln.engine.NativeRuntime;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.weightinit.impl.XavierInitScheme;

/**
 * Whether DL4J's SameDiff training path is faster than MultiLayerNetwork for the course's
 * 5-layer MLP (784-200-100-60-30-10, relu, softmax cross-entropy, Adam 0.003, batches of
 * 100): the same minibatches, one native thread, alternating, samples/s per epoch.
 * Arguments: {@code DATA_DIR ROWS ROUNDS}.
 */
public final class SameDiffLab {

	private static final int[] SIZES = { 784, 200, 100, 60, 30, 10 };

	private SameDiffLab() {
	}

	public static void main(String[] args) throws Exception {
		NativeRuntime.prepareProcess();
		Path data = Path.of(args[0]);
		int rows = Integer.parseInt(args[1]);
		int rounds = Integer.parseInt(args[2]);
		NativeRuntime.settings();
		NativeRuntime.useThreads(1);
		List<DataSet> batches = minibatches(FashionMnist.read(data, rows), 100);
		MultiLayerNetwork network = new MultiLayerNetwork(multiLayer());
		network.init();
		SameDiff sameDiff = sameDiff();
		for (int round = 0; round < rounds; round++) {
			double a = samplesPerSecond(rows, () -> {
				for (DataSet batch : batches) {
					network.fit(batch);
				}
			});
			double c = samplesPerSecond(rows, () -> {
				for (DataSet batch : batches) {
					sameDiff.fit(batch);
				}
			});
			System.out.printf("round %d: MultiLayerNetwork %.0f, SameDiff %.0f samples/s (%.2fx)%n", round, a, c,
					c / a);
		}
	}

	/** The rows scaled to [0, 1], in minibatches with one-hot labels. */
	private static List<DataSet> minibatches(FashionMnist data, int batchSize) {
		int width = data.pixelsPerImage();
		float[] features = new float[data.trainCount() * width];
		float[] labels = new float[data.trainCount() * 10];
		for (int r = 0; r < data.trainCount(); r++) {
			for (int i = 0; i < width; i++) {
				features[r * width + i] = (data.trainPixels()[r * width + i] & 0xFF) / 255f;
			}
			labels[r * 10 + data.trainLabels()[r]] = 1f;
		}
		INDArray x = Nd4j.create(features, new long[] { data.trainCount(), width }, 'c');
		INDArray y = Nd4j.create(labels, new long[] { data.trainCount(), 10 }, 'c');
		List<DataSet> batches = new ArrayList<>();
		for (int from = 0; from < data.trainCount(); from += batchSize) {
			int to = Math.min(from + batchSize, data.trainCount());
			batches.add(new DataSet(x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup(),
					y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup()));
		}
		return batches;
	}

	private static double samplesPerSecond(int rows, Runnable epoch) {
		long start = System.nanoTime();
		epoch.run();
		return rows / ((System.nanoTime() - start) / 1e9);
	}

	private static MultiLayerConfiguration multiLayer() {
		NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(42)
			.updater(new Adam(0.003))
			.weightInit(WeightInit.XAVIER)
			.list();
		for (int i = 1; i < SIZES.length - 1; i++) {
			list.layer(new DenseLayer.Builder().nIn(SIZES[i - 1]).nOut(SIZES[i]).activation(Activation.RELU).build());
		}
		list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(SIZES[SIZES.length - 2])
			.nOut(SIZES[SIZES.length - 1])
			.activation(Activation.SOFTMAX)
			.build());
		return list.build();
	}

	private static SameDiff sameDiff() {
		SameDiff sd = SameDiff.create();
		SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, SIZES[0]);
		SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, SIZES[SIZES.length - 1]);
		SDVariable x = input;
		for (int i = 1; i < SIZES.length; i++) {
			SDVariable w = sd.var("w" + i, new XavierInitScheme('c', SIZES[i - 1], SIZES[i]), DataType.FLOAT,
					SIZES[i - 1], SIZES[i]);
			SDVariable b = sd.var("b" + i, Nd4j.zeros(DataType.FLOAT, SIZES[i]));
			SDVariable z = x.mmul(w).add(b);
			x = (i < SIZES.length - 1) ? sd.nn().relu(z, 0) : z;
		}
		sd.loss().softmaxCrossEntropy("loss", label, x, null);
		sd.setTrainingConfig(new TrainingConfig.Builder().updater(new Adam(0.003))
			.dataSetFeatureMapping("input")
			.dataSetLabelMapping("label")
			.build());
		return sd;
	}

}
