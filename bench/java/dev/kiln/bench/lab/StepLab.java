package dev.kiln.bench.lab;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.EpochResult;
import dev.kiln.engine.Evaluator;
import dev.kiln.engine.Examples;
import dev.kiln.engine.FeatureScaling;
import dev.kiln.engine.ModelSnapshot;
import dev.kiln.engine.NativeRuntime;
import dev.kiln.engine.Trainer;
import dev.kiln.engine.StopReason;
import dev.kiln.engine.TrainingObserver;
import dev.kiln.engine.TrainingOutcome;
import dev.kiln.engine.TrainingTask;
import dev.kiln.spec.CompiledSpec;
import dev.kiln.spec.DataShape;
import dev.kiln.spec.JobSpec;
import dev.kiln.spec.SpecCompiler;
import dev.kiln.engine.cpu.CpuAccelerations;
import dev.kiln.engine.Accelerations;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.data.StringAggregator;
import org.nd4j.linalg.profiler.ProfilerConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures variants of one training step side by side in one JVM: each round trains one
 * epoch with every variant in turn (A/B/C/A/B/C...), round 0 is warm-up, and the report
 * gives each variant's median samples/s and its ratio to the first variant.
 * <p>
 * Variants:
 * <ul>
 * <li>{@code engine}: Kiln's {@link Trainer} as it is (one epoch, no validation rows);</li>
 * <li>{@code replica}: the loop the engine had before this lab (float[] per batch in a
 * {@link DataSetIterator} DL4J wraps in its async prefetcher, a listener reading
 * {@code model.score()} every iteration);</li>
 * <li>{@code sync}: the same batches built on the training thread and passed to
 * {@code fit(DataSet)}, no listener;</li>
 * <li>{@code sync-score}: {@code sync} plus {@code model.score()} per iteration;</li>
 * <li>{@code gather}: the whole split as one INDArray, each batch's rows gathered
 * natively ({@code Nd4j.pullRows}), {@code fit(DataSet)};</li>
 * <li>{@code engine-nocache}: the engine on the configuration with cache mode NONE (what
 * the compiler produced before convolution networks got DEVICE);</li>
 * <li>{@code sync-1t}, {@code sync-2t}: {@code sync} on 1 or 2 native threads;</li>
 * <li>{@code no-helpers}: {@code sync} with ND4J's platform helpers (oneDNN) off;</li>
 * <li>{@code ws-none}, {@code cache-device}: {@code sync} on a configuration with
 * workspaces off, or cache mode DEVICE.</li>
 * </ul>
 * Arguments: {@code --recipe FILE --data DIR --rows N --rounds R --variants a,b,...}
 * [{@code --threads T}] [{@code --epochs E}: then also train E epochs with the engine and
 * print the test accuracy] [{@code --ops K}: print ND4J's op profile of K steps of
 * {@code sync} with the engine's updater] [{@code --helpers false}: ND4J's platform helpers off for --ops] [{@code --cache NONE|DEVICE|HOST}: that cache mode instead of the compiled one] [{@code --identical DEVICE}: whether that cache mode trains bit-identically] [{@code --layouts 1x2,2x1,2x2 --seconds S}: jobs x threads each, total samples/s] [{@code --only V --seconds S}: run variant V for S seconds, for a
 * profiler].
 */
public final class StepLab {

	private StepLab() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		NativeRuntime.prepareProcess();
		EngineSettings settings = new EngineSettings(true, Integer.parseInt(options.getOrDefault("threads", "0")));
		NativeRuntime.configure(settings);
		Path data = Path.of(options.getOrDefault("data", "/usr/share/datasets/fashion-mnist"));
		int rows = Integer.parseInt(options.getOrDefault("rows", "10000"));
		Examples rawTrain = idx(data, "train", rows);
		FeatureScaling scaling = FeatureScaling.fit("minmax", rawTrain);
		Examples train = scaling.apply(rawTrain);
		Examples test = scaling.apply(idx(data, "t10k", Integer.MAX_VALUE));
		JobSpec spec = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build()
			.readValue(Files.readString(Path.of(options.get("recipe"))), JobSpec.class);
		CompiledSpec compiled = new SpecCompiler().compile(spec,
				new DataShape(spec.model().input(), 10, train.count()));
		MultiLayerConfiguration configuration = options.containsKey("cache")
				? withModes(CpuAccelerations.accelerate(compiled.configuration()), null,
						CacheMode.valueOf(options.get("cache")))
				: CpuAccelerations.accelerate(compiled.configuration());
		int batch = compiled.settings().batchSize();
		System.out.println("# " + NativeRuntime.report() + " threads for this network: "
				+ NativeRuntime.threadsFor(configuration) + ", batch " + batch + ", rows " + train.count());

		if (options.containsKey("ops")) {
			if (options.containsKey("helpers")) {
				// ND4J's platform helpers (oneDNN for matmul, softmax, ...) on or off
				Nd4j.getEnvironment().allowHelpers(Boolean.parseBoolean(options.get("helpers")));
			}
			profileOps(configuration, train, batch, Integer.parseInt(options.get("ops")));
			return;
		}
		if (options.containsKey("identical")) {
			identical(configuration, withModes(configuration, null, CacheMode.valueOf(options.get("identical"))), train,
					batch);
			return;
		}
		if (options.containsKey("layouts")) {
			// e.g. 1x2,2x1,2x2: jobs x native threads each, alternated
			double seconds = Double.parseDouble(options.getOrDefault("seconds", "15"));
			int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
			for (int round = 0; round < rounds; round++) {
				for (String layout : options.get("layouts").split(",")) {
					String[] parts = layout.split("x");
					double rate = concurrent(configuration, train, batch, Integer.parseInt(parts[0]),
							Integer.parseInt(parts[1]), seconds);
					System.out.printf("round %d  %s jobs x threads: %8.0f samples/s in total%n", round, layout, rate);
				}
			}
			return;
		}
		if (options.containsKey("only")) {
			Variant variant = variant(options.get("only"), configuration, train, batch);
			long end = System.nanoTime() + (long) (Double.parseDouble(options.getOrDefault("seconds", "20")) * 1e9);
			int epochs = 0;
			while (System.nanoTime() < end) {
				variant.epoch(++epochs);
			}
			System.out.println("# " + options.get("only") + ": " + epochs + " epochs");
			return;
		}
		List<String> names = List.of(options.getOrDefault("variants", "engine,replica").split(","));
		Map<String, Variant> variants = new LinkedHashMap<>();
		for (String name : names) {
			variants.put(name, variant(name, configuration, train, batch));
		}
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "4"));
		if (rounds > 0) {
			compare(variants, names, rounds, train.count(), batch);
		}
		if (options.containsKey("epochs")) {
			accuracy(configuration, train, test, batch, Integer.parseInt(options.get("epochs")));
		}
	}

	private static void compare(Map<String, Variant> variants, List<String> names, int rounds, int rows, int batch) {
		Map<String, List<Double>> speeds = new LinkedHashMap<>();
		Map<String, List<Double>> cpuSpeeds = new LinkedHashMap<>();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		for (int round = 0; round <= rounds; round++) {
			for (Map.Entry<String, Variant> entry : variants.entrySet()) {
				long cpu = os.getProcessCpuTime();
				double samplesPerSecond = entry.getValue().epoch(round + 1);
				double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
				if (round > 0) {
					speeds.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(samplesPerSecond);
					cpuSpeeds.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(rows / cpuSeconds);
				}
			}
		}
		double reference = median(speeds.get(names.get(0)));
		double cpuReference = median(cpuSpeeds.get(names.get(0)));
		for (Map.Entry<String, List<Double>> entry : speeds.entrySet()) {
			double m = median(entry.getValue());
			double c = median(cpuSpeeds.get(entry.getKey()));
			System.out.printf(
					"%-14s median %8.0f samples/s %.2fx  %6.2f ms/step | per CPU-second %8.0f samples %.2fx  | rounds %s%n",
					entry.getKey(), m, m / reference, 1000.0 * batch / m, c, c / cpuReference,
					rounded(entry.getValue()));
		}
	}

	/** Trains E epochs with the engine and prints the test accuracy and speed. */
	private static void accuracy(MultiLayerConfiguration configuration, Examples train, Examples test, int batch,
			int epochs) throws IOException {
		Path model = Files.createTempFile("steplab", ".zip");
		List<Double> speeds = new ArrayList<>();
		List<Double> cpuSpeeds = new ArrayList<>();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		long[] cpu = { os.getProcessCpuTime() };
		TrainingTask task = new TrainingTask(configuration, train, none(train), epochs, batch, 42, null);
		new Trainer().train(task, observer(result -> {
			long now = os.getProcessCpuTime();
			speeds.add(result.samplesPerSecond());
			cpuSpeeds.add(train.count() / ((now - cpu[0]) / 1e9));
			cpu[0] = now;
		}, model, epochs));
		MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
		Files.delete(model);
		List<String> classNames = new ArrayList<>();
		for (int i = 0; i < test.classes(); i++) {
			classNames.add(Integer.toString(i));
		}
		double accuracy = Evaluator.evaluate(network, test, classNames, Accelerations.AUTO).accuracy();
		System.out.printf("{\"framework\":\"kiln-engine\",\"trainRows\":%d,\"epochs\":%d,\"samplesPerSecond\":%.1f,"
				+ "\"epochSamplesPerSecond\":%s,\"cpuSamplesPerSecond\":%.1f,\"testAccuracy\":%.4f}%n", train.count(),
				epochs, median(speeds.subList(Math.min(1, speeds.size() - 1), speeds.size())), rounded(speeds),
				median(cpuSpeeds.subList(Math.min(1, cpuSpeeds.size() - 1), cpuSpeeds.size())), accuracy);
	}

	private static void profileOps(MultiLayerConfiguration configuration, Examples train, int batch, int steps) {
		MultiLayerNetwork network = new MultiLayerNetwork(configuration.clone());
		network.init();
		CpuAccelerations.installUpdater(network);
		NativeRuntime.useThreadsFor(configuration);
		BatchSource source = new FloatBatches(train, batch);
		int[] order = order(train.count(), 1);
		for (int i = 0; i < 20; i++) {
			DataSet ds = source.batch(order, (i * batch) % (train.count() - batch));
			network.fit(ds);
		}
		Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
		OpProfiler.getInstance().reset();
		OpTimes times = new OpTimes();
		OpProfiler.getInstance().setClassAggergator(times);
		long start = System.nanoTime();
		for (int i = 0; i < steps; i++) {
			DataSet ds = source.batch(order, (i * batch) % (train.count() - batch));
			network.fit(ds);
		}
		long elapsed = System.nanoTime() - start;
		Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
		System.out.printf("# %d profiled steps, %.2f ms/step with the profiler on%n", steps, elapsed / 1e6 / steps);
		times.print(steps, elapsed / 1e6 / steps);
	}

	/**
	 * Trains {@code jobs} networks at once, each on its own thread with {@code threads}
	 * native threads, for about {@code seconds}; returns the samples/s of all together.
	 */
	private static double concurrent(MultiLayerConfiguration configuration, Examples train, int batch, int jobs,
			int threads, double seconds) throws InterruptedException {
		long end = System.nanoTime() + (long) (seconds * 1e9);
		long[] samples = new long[jobs];
		List<Thread> workers = new ArrayList<>();
		long start = System.nanoTime();
		for (int j = 0; j < jobs; j++) {
			int job = j;
			Thread worker = new Thread(() -> {
				LoopVariant variant = new LoopVariant(configuration, train, batch, LoopVariant.Feed.FIT_DATASET, false);
				BatchSource source = new FloatBatches(train, batch);
				int[] order = order(train.count(), job + 1);
				NativeRuntime.useThreads(threads);
				int first = 0;
				while (System.nanoTime() < end) {
					variant.network.fit(source.batch(order, first));
					samples[job] += Math.min(batch, order.length - first);
					first = (first + batch < order.length) ? first + batch : 0;
				}
			});
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			worker.join();
		}
		return Arrays.stream(samples).sum() / ((System.nanoTime() - start) / 1e9);
	}

	/**
	 * Trains two configurations on the same batches and says whether their parameters
	 * stay bit-identical.
	 */
	private static void identical(MultiLayerConfiguration a, MultiLayerConfiguration b, Examples train, int batch) {
		MultiLayerNetwork first = new MultiLayerNetwork(a.clone());
		first.init();
		MultiLayerNetwork second = new MultiLayerNetwork(b.clone());
		second.init();
		NativeRuntime.useThreadsFor(a);
		BatchSource source = new FloatBatches(train, batch);
		int[] order = order(train.count(), 1);
		for (int first0 = 0; first0 < order.length; first0 += batch) {
			// the same dropout masks for both
			Nd4j.getRandom().setSeed(first0);
			first.fit(source.batch(order, first0));
			Nd4j.getRandom().setSeed(first0);
			second.fit(source.batch(order, first0));
		}
		System.out.println("# after one epoch: parameters identical " + first.params().equals(second.params())
				+ ", max abs difference " + first.params().sub(second.params()).amaxNumber() + ", scores "
				+ first.score() + " / " + second.score());
	}

	/** Sums ND4J's per-op timings by op name. */
	static final class OpTimes extends StringAggregator {

		private final Map<String, long[]> byOp = new LinkedHashMap<>();

		@Override
		public void putTime(String key, Op op, long timeSpent) {
			add(op.opName(), timeSpent);
		}

		@Override
		public void putTime(String key, CustomOp op, long timeSpent) {
			add(op.opName(), timeSpent);
		}

		private void add(String name, long nanos) {
			long[] entry = this.byOp.computeIfAbsent(name, k -> new long[2]);
			entry[0]++;
			entry[1] += nanos;
		}

		void print(int steps, double stepMillis) {
			long total = this.byOp.values().stream().mapToLong(e -> e[1]).sum();
			System.out.printf("# ops per step: %d calls, %.3f ms in ops of %.3f ms per step (profiler on)%n",
					this.byOp.values().stream().mapToLong(e -> e[0]).sum() / steps, total / 1e6 / steps, stepMillis);
			this.byOp.entrySet()
				.stream()
				.sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
				.forEach(e -> System.out.printf("%-22s %5d calls/step %8.3f ms/step %6.1f us/call%n", e.getKey(),
						e.getValue()[0] / steps, e.getValue()[1] / 1e6 / steps, e.getValue()[1] / 1e3 / e.getValue()[0]));
		}

	}

	interface Variant {

		/** Trains one epoch and returns its samples/s. */
		double epoch(int epoch);

	}

	private static Variant variant(String name, MultiLayerConfiguration configuration, Examples train, int batch) {
		return switch (name) {
			case "engine" -> epoch -> engineEpoch(configuration, train, batch);
			case "engine-nocache" -> epoch -> engineEpoch(withModes(configuration, null, CacheMode.NONE), train, batch);
			case "replica" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.ASYNC_ITERATOR, true);
			case "sync" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.FIT_DATASET, false);
			case "sync-own" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.FIT_DATASET, false)
				.withOwnGradientUpdater();
			case "no-helpers" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.FIT_DATASET, false) {
				@Override
				public double epoch(int epoch) {
					Nd4j.getEnvironment().allowHelpers(false);
					try {
						return super.epoch(epoch);
					}
					finally {
						Nd4j.getEnvironment().allowHelpers(true);
					}
				}
			};
			case "sync-1t", "sync-2t" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.FIT_DATASET, false) {
				@Override
				public double epoch(int epoch) {
					double speed = super.epoch(epoch, name.endsWith("1t") ? 1 : 2);
					NativeRuntime.useThreadsFor(configuration);
					return speed;
				}
			};
			case "sync-score" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.FIT_DATASET, true);
			case "sync-iter" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.SYNC_ITERATOR, false);
			case "async-iter" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.ASYNC_ITERATOR, false);
			case "gather" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.GATHER, false);
			case "views-own" -> new LoopVariant(configuration, train, batch, LoopVariant.Feed.VIEWS, false)
				.withOwnGradientUpdater();
			case "ws-none" -> new LoopVariant(withModes(configuration, WorkspaceMode.NONE, null), train, batch,
					LoopVariant.Feed.FIT_DATASET, false);
			case "cache-device" -> new LoopVariant(withModes(configuration, null, CacheMode.DEVICE), train, batch,
					LoopVariant.Feed.FIT_DATASET, false);
			case "cache-host" -> new LoopVariant(withModes(configuration, null, CacheMode.HOST), train, batch,
					LoopVariant.Feed.FIT_DATASET, false);
			default -> throw new IllegalArgumentException("unknown variant " + name);
		};
	}

	private static MultiLayerConfiguration withModes(MultiLayerConfiguration configuration, WorkspaceMode workspaces,
			CacheMode cache) {
		MultiLayerConfiguration copy = configuration.clone();
		if (workspaces != null) {
			copy.setTrainingWorkspaceMode(workspaces);
			copy.setInferenceWorkspaceMode(workspaces);
		}
		if (cache != null) {
			copy.setCacheMode(cache);
			copy.getConfs().forEach(c -> c.setCacheMode(cache));
		}
		return copy;
	}

	private static double engineEpoch(MultiLayerConfiguration configuration, Examples train, int batch) {
		double[] speed = new double[1];
		TrainingTask task = new TrainingTask(configuration, train, none(train), 1, batch, 42, null);
		TrainingOutcome outcome = new Trainer().train(task, observer(r -> speed[0] = r.samplesPerSecond(), null, 1));
		if (!(outcome instanceof TrainingOutcome.Completed)) {
			throw new IllegalStateException(outcome.toString());
		}
		return speed[0];
	}

	private static TrainingObserver observer(Consumer<EpochResult> results, Path saveAtEnd, int epochs) {
		return new TrainingObserver() {

			@Override
			public boolean stopRequested() {
				return false;
			}

			@Override
			public StopReason stopReason() {
				throw new IllegalStateException("never asked to stop");
			}

			@Override
			public void epochEnded(EpochResult result, ModelSnapshot snapshot) {
				results.accept(result);
				if (saveAtEnd != null && result.epoch() == epochs) {
					try {
						snapshot.writeTo(saveAtEnd);
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}
			}

		};
	}

	private static Examples none(Examples like) {
		return new Examples(new float[0], new int[0], like.featureLength(), like.classes());
	}

	/** A bare training loop with one feeding strategy. */
	static class LoopVariant implements Variant {

		enum Feed {

			ASYNC_ITERATOR, SYNC_ITERATOR, FIT_DATASET, GATHER, VIEWS

		}

		private final MultiLayerNetwork network;

		private final Examples train;

		private final int batch;

		private final Feed feed;

		private final BatchSource source;

		private final double[] scoreSum = new double[1];

		LoopVariant(MultiLayerConfiguration configuration, Examples train, int batch, Feed feed, boolean score) {
			this.network = new MultiLayerNetwork(configuration.clone());
			this.network.init();
			this.train = train;
			this.batch = batch;
			this.feed = feed;
			this.source = switch (feed) {
				case GATHER -> new GatheredBatches(train, batch);
				case VIEWS -> new ViewBatches(train, batch);
				default -> new FloatBatches(train, batch);
			};
			if (score) {
				this.network.setListeners(new BaseTrainingListener() {
					@Override
					public void iterationDone(Model model, int iteration, int epoch) {
						LoopVariant.this.scoreSum[0] += model.score();
					}
				});
			}
			NativeRuntime.useThreadsFor(configuration);
		}

		/** Trains with the engine's updater from now on. */
		LoopVariant withOwnGradientUpdater() {
			CpuAccelerations.installUpdater(this.network);
			return this;
		}

		@Override
		public double epoch(int epoch) {
			return epoch(epoch, NativeRuntime.threadsFor(this.network.getLayerWiseConfigurations()));
		}

		double epoch(int epoch, int threads) {
			NativeRuntime.useThreads(threads);
			int[] order = order(this.train.count(), epoch);
			long start = System.nanoTime();
			switch (this.feed) {
				case ASYNC_ITERATOR, SYNC_ITERATOR ->
					this.network.fit(new Batches(this.source, order, this.batch, this.feed == Feed.ASYNC_ITERATOR));
				default -> {
					for (int first = 0; first < order.length; first += this.batch) {
						this.network.fit(this.source.batch(order, first));
					}
				}
			}
			return this.train.count() / ((System.nanoTime() - start) / 1e9);
		}

	}

	interface BatchSource {

		DataSet batch(int[] order, int first);

	}

	/** What the engine did: copy the rows into float[] and wrap them. */
	static final class FloatBatches implements BatchSource {

		private final Examples examples;

		private final int batch;

		FloatBatches(Examples examples, int batch) {
			this.examples = examples;
			this.batch = batch;
		}

		@Override
		public DataSet batch(int[] order, int first) {
			int rows = Math.min(this.batch, order.length - first);
			int width = this.examples.featureLength();
			int classes = this.examples.classes();
			float[] features = new float[rows * width];
			float[] labels = new float[rows * classes];
			for (int r = 0; r < rows; r++) {
				int row = order[first + r];
				System.arraycopy(this.examples.features(), row * width, features, r * width, width);
				labels[r * classes + this.examples.labels()[row]] = 1f;
			}
			return new DataSet(Nd4j.create(features, new long[] { rows, width }, 'c'),
					Nd4j.create(labels, new long[] { rows, classes }, 'c'));
		}

	}

	/** The split as one INDArray; each batch's rows gathered natively. */
	static final class GatheredBatches implements BatchSource {

		private final INDArray features;

		private final INDArray labels;

		private final int batch;

		GatheredBatches(Examples examples, int batch) {
			this.batch = batch;
			this.features = Nd4j.create(examples.features(), new long[] { examples.count(), examples.featureLength() },
					'c');
			float[] oneHot = new float[examples.count() * examples.classes()];
			for (int i = 0; i < examples.count(); i++) {
				oneHot[i * examples.classes() + examples.labels()[i]] = 1f;
			}
			this.labels = Nd4j.create(oneHot, new long[] { examples.count(), examples.classes() }, 'c');
		}

		@Override
		public DataSet batch(int[] order, int first) {
			int[] rows = Arrays.copyOfRange(order, first, Math.min(first + this.batch, order.length));
			return new DataSet(Nd4j.pullRows(this.features, 1, rows), Nd4j.pullRows(this.labels, 1, rows));
		}

	}

	/**
	 * As the benchmark's bare loop feeds: the epoch's rows gathered into one array in
	 * their order once, then each batch a view of it.
	 */
	static final class ViewBatches implements BatchSource {

		private final GatheredBatches all;

		private DataSet epoch;

		ViewBatches(Examples examples, int batch) {
			this.all = new GatheredBatches(examples, Integer.MAX_VALUE);
		}

		@Override
		public DataSet batch(int[] order, int first) {
			if (first == 0) {
				this.epoch = this.all.batch(order, 0);
			}
			int to = Math.min(first + 100, order.length);
			return new DataSet(
					this.epoch.getFeatures().get(NDArrayIndex.interval(first, to), NDArrayIndex.all()),
					this.epoch.getLabels().get(NDArrayIndex.interval(first, to), NDArrayIndex.all()));
		}

	}

	/** A minimal iterator over a batch source. */
	static final class Batches implements DataSetIterator {

		private final BatchSource source;

		private final int[] order;

		private final int batch;

		private final boolean async;

		private int cursor;

		Batches(BatchSource source, int[] order, int batch, boolean async) {
			this.source = source;
			this.order = order;
			this.batch = batch;
			this.async = async;
		}

		@Override
		public boolean hasNext() {
			return this.cursor < this.order.length;
		}

		@Override
		public DataSet next() {
			DataSet ds = this.source.batch(this.order, this.cursor);
			this.cursor += this.batch;
			return ds;
		}

		@Override
		public DataSet next(int num) {
			return next();
		}

		@Override
		public int inputColumns() {
			return 0;
		}

		@Override
		public int totalOutcomes() {
			return 0;
		}

		@Override
		public boolean resetSupported() {
			return true;
		}

		@Override
		public boolean asyncSupported() {
			return this.async;
		}

		@Override
		public void reset() {
			this.cursor = 0;
		}

		@Override
		public int batch() {
			return this.batch;
		}

		@Override
		public void setPreProcessor(org.nd4j.linalg.dataset.api.DataSetPreProcessor preProcessor) {
		}

		@Override
		public org.nd4j.linalg.dataset.api.DataSetPreProcessor getPreProcessor() {
			return null;
		}

		@Override
		public List<String> getLabels() {
			return null;
		}

	}

	static int[] order(int count, int epoch) {
		List<Integer> list = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			list.add(i);
		}
		Collections.shuffle(list, new Random(epoch));
		return list.stream().mapToInt(Integer::intValue).toArray();
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static String rounded(List<Double> values) {
		return values.stream().map(v -> Long.toString(Math.round(v))).toList().toString();
	}

	/** The first {@code limit} rows of a gzipped IDX image file and its label file. */
	static Examples idx(Path directory, String prefix, int limit) throws IOException {
		try (DataInputStream images = gz(directory.resolve(prefix + "-images-idx3-ubyte.gz"));
				DataInputStream labels = gz(directory.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
			images.readInt();
			int count = Math.min(limit, images.readInt());
			int width = images.readInt() * images.readInt();
			labels.readInt();
			labels.readInt();
			byte[] pixels = new byte[count * width];
			images.readFully(pixels);
			byte[] classes = new byte[count];
			labels.readFully(classes);
			float[] features = new float[pixels.length];
			for (int i = 0; i < pixels.length; i++) {
				features[i] = pixels[i] & 0xFF;
			}
			int[] ys = new int[count];
			for (int i = 0; i < count; i++) {
				ys[i] = classes[i];
			}
			return new Examples(features, ys, width, 10);
		}
	}

	private static DataInputStream gz(Path path) throws IOException {
		InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16);
		return new DataInputStream(in);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

}
