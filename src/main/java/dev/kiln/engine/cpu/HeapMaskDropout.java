package dev.kiln.engine.cpu;

import java.util.SplittableRandom;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's {@link Dropout} (inverted: kept inputs are scaled by {@code 1 / p}, {@code p}
 * the probability of keeping one), with its mask drawn in Java.
 * <p>
 * Why: libnd4j draws the mask with its {@code dropout_inverted} op at about 5 ns a value,
 * 0.55 ms per step for the CNN recipe's dense layer (117,600 inputs), 5% of the step. A
 * {@link SplittableRandom} seeded from ND4J's generator draws it in a fraction of that,
 * so runs stay reproducible from the network's seed. The backward pass is DL4J's: the
 * gradient times the mask. Masks are other draws than DL4J's, so runs differ from DL4J's
 * at the same seed. Exists only in memory: model files name DL4J's {@link Dropout}
 * ({@link Portable}).
 */
public class HeapMaskDropout extends Dropout {

	private static final long serialVersionUID = 1L;

	/** Values drawn and copied out at a time. */
	private static final int CHUNK = 4096;

	private transient float[] chunk;

	/** Keeps each input with probability {@code retain}. */
	public HeapMaskDropout(double retain) {
		super(retain);
	}

	@JsonCreator
	HeapMaskDropout(@JsonProperty("p") double retain, @JsonProperty("pSchedule") ISchedule retainSchedule) {
		super(retain, retainSchedule);
	}

	@Override
	public INDArray applyDropout(INDArray inputActivations, INDArray output, int iteration, int epoch,
			LayerWorkspaceMgr workspaceMgr) {
		if (output.dataType() != DataType.FLOAT || inputActivations.dataType() != DataType.FLOAT
				|| !Nd4j.getEnvironment().isCPU()) {
			return super.applyDropout(inputActivations, output, iteration, epoch, workspaceMgr);
		}
		double retain = (getPSchedule() != null) ? getPSchedule().valueAt(iteration, epoch) : getP();
		INDArray mask = workspaceMgr.createUninitialized(ArrayType.INPUT, DataType.FLOAT, output.shape(), 'c');
		draw(mask, retain, new SplittableRandom(Nd4j.getRandom().nextLong()));
		setMask(mask);
		Nd4j.getExecutioner().exec(new MulOp(inputActivations, mask, output));
		return output;
	}

	/**
	 * Fills {@code mask} (contiguous floats) with {@code 1 / retain} where a uniform draw
	 * falls below {@code retain}, else 0: a 32-bit draw per value, two per long.
	 */
	void draw(INDArray mask, double retain, SplittableRandom random) {
		if (this.chunk == null) {
			this.chunk = new float[CHUNK];
		}
		float[] values = this.chunk;
		float kept = (float) (1.0 / retain);
		long threshold = (long) Math.ceil(retain * 4294967296.0);
		FloatPointer memory = new FloatPointer(mask.data().addressPointer());
		long length = mask.length();
		for (long from = 0; from < length; from += CHUNK) {
			int count = (int) Math.min(CHUNK, length - from);
			// without branches, which random draws would mispredict half the time: the
			// sign of (draw - threshold) is 1 exactly when the draw is below it
			int pairs = count & ~1;
			for (int i = 0; i < pairs; i += 2) {
				long bits = random.nextLong();
				values[i] = kept * (((bits & 0xFFFFFFFFL) - threshold) >>> 63);
				values[i + 1] = kept * (((bits >>> 32) - threshold) >>> 63);
			}
			if (pairs < count) {
				values[pairs] = kept * (((random.nextLong() & 0xFFFFFFFFL) - threshold) >>> 63);
			}
			memory.position(from).put(values, 0, count);
		}
	}

	@Override
	public Dropout clone() {
		return new HeapMaskDropout(getP(), (getPSchedule() != null) ? getPSchedule().clone() : null);
	}

}
