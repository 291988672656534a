package dev.kiln.spec;

/**
 * The values {@link SpecCompiler} uses for fields a spec leaves out, and the limits it
 * enforces.
 */
public final class SpecDefaults {

	/** {@code training.epochs}. */
	public static final int EPOCHS = 10;

	/** {@code training.batchSize}. */
	public static final int BATCH_SIZE = 32;

	/** {@code training.seed}. */
	public static final long SEED = 42;

	/** {@code training.l2}: no L2 regularisation. */
	public static final double L2 = 0;

	/** {@code training.optimizer.type}. */
	public static final String OPTIMIZER = "adam";

	/** {@code training.optimizer.learningRate} for adam and rmsprop. */
	public static final double ADAPTIVE_LEARNING_RATE = 0.001;

	/** {@code training.optimizer.learningRate} for sgd, momentum and adagrad. */
	public static final double PLAIN_LEARNING_RATE = 0.01;

	/** {@code training.optimizer.momentum} (momentum). */
	public static final double MOMENTUM = 0.9;

	/** {@code training.optimizer.beta1} (adam). */
	public static final double BETA1 = 0.9;

	/** {@code training.optimizer.beta2} (adam). */
	public static final double BETA2 = 0.999;

	/** {@code training.optimizer.epsilon} for adam and rmsprop. */
	public static final double EPSILON = 1e-8;

	/** {@code training.optimizer.epsilon} for adagrad. */
	public static final double ADAGRAD_EPSILON = 1e-6;

	/** {@code training.optimizer.decay} (rmsprop). */
	public static final double RMSPROP_DECAY = 0.95;

	/** {@code training.schedule.type}. */
	public static final String SCHEDULE = "fixed";

	/** {@code training.schedule.unit}. */
	public static final String SCHEDULE_UNIT = "iteration";

	/** {@code training.schedule.floor} (exponential, cosine, polynomial). */
	public static final double SCHEDULE_FLOOR = 0;

	/** {@code training.schedule.power} (polynomial). */
	public static final double SCHEDULE_POWER = 1;

	/**
	 * Iterations per epoch assumed by cosine and polynomial schedules counted in
	 * iterations when the dataset is unknown (a dry run without data).
	 */
	public static final int PLACEHOLDER_ITERATIONS_PER_EPOCH = 100;

	/** {@code model.weightInit}. */
	public static final String WEIGHT_INIT = "xavier";

	/** {@code activation} of dense and conv2d layers. */
	public static final String HIDDEN_ACTIVATION = "relu";

	/** {@code activation} of lstm layers. */
	public static final String LSTM_ACTIVATION = "tanh";

	/** {@code loss} of the output layer. */
	public static final String LOSS = "cross-entropy";

	/** {@code padding} of conv2d and pooling layers. */
	public static final String PADDING = "valid";

	/** {@code stride} of conv2d layers. */
	public static final int CONV_STRIDE = 1;

	/** {@code kernel} of pooling layers; their stride defaults to their kernel. */
	public static final int POOL_KERNEL = 2;

	/** {@code split.validation}. */
	public static final double VALIDATION_FRACTION = 0.15;

	/** {@code split.test}. */
	public static final double TEST_FRACTION = 0.15;

	/** {@code split.seed}. */
	public static final long SPLIT_SEED = 42;

	/** {@code normalization}. */
	public static final String NORMALIZATION = "none";

	/** {@code device}: only on a node with a GPU. */
	public static final String DEVICE_GPU = "gpu";

	/** {@code device}: only on a CPU node. */
	public static final String DEVICE_CPU = "cpu";

	/** {@code device}: on any node that trains (the default). */
	public static final String DEVICE_ANY = "any";

	/** {@code checkpoints.every}. */
	public static final int CHECKPOINT_EVERY = 1;

	/** {@code checkpoints.keepLast}. */
	public static final int KEEP_LAST = 2;

	/** {@code checkpoints.metric}. */
	public static final String CHECKPOINT_METRIC = "validationLoss";

	/** {@code stopping.earlyStopping.metric}. */
	public static final String EARLY_STOPPING_METRIC = "validationLoss";

	/** {@code stopping.earlyStopping.patience}. */
	public static final int PATIENCE = 5;

	/** {@code stopping.earlyStopping.minDelta}: any improvement counts. */
	public static final double MIN_DELTA = 0;

	/** Upper limit of {@code stopping.maxRuntime} and {@code stopping.maxQueueWait}. */
	public static final java.time.Duration MAX_STOPPING_DURATION = java.time.Duration.ofDays(366);

	/** Upper limit of {@code training.epochs}. */
	public static final int MAX_EPOCHS = 100_000;

	/** Upper limit of {@code training.batchSize}. */
	public static final int MAX_BATCH_SIZE = 65_536;

	/** Upper limit of {@code units} and {@code filters}. */
	public static final int MAX_UNITS = 65_536;

	/** Upper limit of each {@code kernel} and {@code stride} entry. */
	public static final int MAX_KERNEL = 256;

	/** Upper limit of the product of {@code model.input}. */
	public static final int MAX_INPUT_FEATURES = 10_000_000;

	/** Upper limit of {@code model.layers} entries. */
	public static final int MAX_LAYERS = 100;

	/** Upper limit of the trainable model's parameter count. */
	public static final long MAX_PARAMETERS = 100_000_000L;

	/** Upper limit of {@code training.optimizer.learningRate}. */
	public static final double MAX_LEARNING_RATE = 10;

	/** Upper limit of {@code training.schedule.power}. */
	public static final double MAX_POWER = 10;

	/** Upper limit of {@code checkpoints.every}. */
	public static final int MAX_CHECKPOINT_EVERY = 100_000;

	/** Upper limit of {@code checkpoints.keepLast}. */
	public static final int MAX_KEEP_LAST = 1_000;

	private SpecDefaults() {
	}

}
