package dev.kiln.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Loss and accuracy on a validation split, computed batch by batch. */
record Validation(double loss, double accuracy) {

	static final Validation NONE = new Validation(Double.NaN, Double.NaN);

	static Validation of(MultiLayerNetwork network, Examples examples, int batchSize, boolean accelerated) {
		if (examples == null || examples.count() == 0) {
			return NONE;
		}
		ExamplesIterator batches = ExamplesIterator.inOrder(examples,
				Math.max(batchSize, Batching.rowsPerBatch(examples.featureLength())), accelerated);
		double weightedLoss = 0;
		long correct = 0;
		while (batches.hasNext()) {
			DataSet batch = batches.next();
			INDArray features = batch.getFeatures();
			long rows = features.size(0);
			// score() is the batch's mean loss (plus the same regularisation term for
			// every
			// batch), so weighting by rows gives the split's mean
			weightedLoss += network.score(batch, false) * rows;
			INDArray predicted = network.output(features, false).argMax(1);
			INDArray actual = batch.getLabels().argMax(1);
			correct += predicted.eq(actual).castTo(DataType.INT).sumNumber().longValue();
		}
		return new Validation(weightedLoss / examples.count(), (double) correct / examples.count());
	}

}
