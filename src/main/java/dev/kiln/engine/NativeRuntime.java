package dev.kiln.engine;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.config.DL4JClassLoading;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sets up ND4J's native runtime the way Kiln measured fastest, without environment
 * variables.
 * <ol>
 * <li>{@link #prepareProcess()}, first thing in {@code main}: JavaCPP's physical memory
 * check off ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0}: it reads /proc on every
 * allocation), and OpenMP's idle threads spinning briefly before they sleep
 * ({@code GOMP_SPINCOUNT=1000}).</li>
 * <li>{@link #configure(EngineSettings)}, before any network is built: OpenBLAS on one
 * thread, so it never competes with ND4J's own threads (what
 * {@code ND4J_SKIP_BLAS_THREADS=1 OPENBLAS_NUM_THREADS=1} do), and DL4J's oneDNN layer
 * helpers on.</li>
 * <li>{@link #useThreads(int)}, per job on the training thread: how many threads ND4J's
 * loops and oneDNN use (what {@code OMP_NUM_THREADS} does at start-up).</li>
 * </ol>
 * The settings are process-wide, as the native runtime is.
 */
public final class NativeRuntime {

	static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

	static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

	static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

	/** libgomp's (ND4J's OpenMP's) spin count before an idle thread sleeps. */
	static final String GOMP_SPINCOUNT = "GOMP_SPINCOUNT";

	/** Kiln's spin count: tens of microseconds, where libgomp's default is 300,000. */
	static final String SPIN_COUNT = "1000";

	private static volatile EngineSettings settings;

	/** Whether {@link #prepareProcess()} has set OpenMP's variables (once is enough). */
	private static volatile boolean environmentPrepared;

	/** What {@link #settings()} applies when nothing configured the runtime yet. */
	private static volatile EngineSettings requested;

	private NativeRuntime() {
	}

	/**
	 * Sets what must be in place before ND4J's natives load, so call it before anything
	 * touches ND4J: the JVM-wide properties JavaCPP's {@link Pointer} class reads as it
	 * initialises, and how OpenMP's idle threads wait. A value given on the command line
	 * or in the environment is kept.
	 */
	public static void prepareProcess() {
		if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
			System.setProperty(MAX_PHYSICAL_BYTES, "0");
		}
		// OpenMP's default has a thread that finished its part of a parallel region spin
		// for about 300,000 rounds (milliseconds) before it sleeps. Next to another busy
		// process, spinning threads lose their core to it and every region then waits for
		// the scheduler: a CNN on 2 threads fell from 6,600 to 200 samples/s next to one
		// busy core. A short spin still catches a step's back-to-back regions; sleeping
		// at once (OMP_WAIT_POLICY=PASSIVE) cost a quiet 2-thread CNN about a fifth (see
		// docs/profiling.md). An operator's own policy or count stands
		if (!environmentPrepared) {
			if (NativeEnvironment.get(OMP_WAIT_POLICY) == null) {
				NativeEnvironment.setIfAbsent(GOMP_SPINCOUNT, SPIN_COUNT);
			}
			environmentPrepared = true;
		}
	}

	/**
	 * Applies the settings to the native runtime (initialising ND4J if needed). Networks
	 * built or loaded afterwards use oneDNN helpers if enabled.
	 */
	public static synchronized void configure(EngineSettings engineSettings) {
		prepareProcess();
		// OpenBLAS only serves dense layers' matrix products, which are fastest
		// single-threaded next to ND4J's threads: ND4J's own BLAS wrapper otherwise sizes
		// its pool to all cores (or OMP_NUM_THREADS) unless ND4J_SKIP_BLAS_THREADS is set
		Nd4j.factory().blas().setMaxThreads(1);
		if (engineSettings.oneDnnHelpers() && nativeBuildHasOneDnn()) {
			enableOneDnnHelpers();
		}
		else {
			System.setProperty(HELPERS_DISABLE, "true");
		}
		settings = engineSettings;
	}

	/**
	 * Names the settings to apply when the runtime is first needed, without loading ND4J
	 * now: whichever thread first calls {@link #settings()} (a start-up loader, a job, a
	 * prediction) applies them, and the others wait for it.
	 */
	public static void request(EngineSettings engineSettings) {
		requested = engineSettings;
	}

	/**
	 * The settings in effect, applying the {@link #request requested} ones (else
	 * {@link EngineSettings#defaults()}) if none were.
	 */
	public static EngineSettings settings() {
		EngineSettings current = settings;
		if (current == null) {
			synchronized (NativeRuntime.class) {
				if (settings == null) {
					EngineSettings pending = requested;
					configure((pending != null) ? pending : EngineSettings.defaults());
				}
				current = settings;
			}
		}
		return current;
	}

	/**
	 * How OpenMP's idle threads wait, as the process's environment tells OpenMP when it
	 * loads: the variables set ({@code GOMP_SPINCOUNT=1000}, Kiln's choice, or the
	 * operator's), or {@code default} when neither is.
	 */
	static String waitPolicyName() {
		List<String> settings = new ArrayList<>();
		for (String name : List.of(OMP_WAIT_POLICY, GOMP_SPINCOUNT)) {
			String value = NativeEnvironment.get(name);
			if (value != null) {
				settings.add(name + "=" + value);
			}
		}
		return settings.isEmpty() ? "default" : String.join(", ", settings);
	}

	/**
	 * The threads a network should train with: one for networks without convolution
	 * layers, whose small steps only slow down when split (the course's softmax and MLP
	 * trained at 0.55x and 0.68x on 2 threads); for the others the configured count, else
	 * the available processors shared among the jobs that train at once (at least 1).
	 */
	public static int threadsFor(MultiLayerConfiguration configuration) {
		return threadsFor(configuration, settings(), Runtime.getRuntime().availableProcessors());
	}

	/**
	 * {@link #threadsFor(MultiLayerConfiguration)} under the given settings on a machine
	 * with the given processors, without touching the native runtime.
	 */
	public static int threadsFor(MultiLayerConfiguration configuration, EngineSettings settings, int processors) {
		boolean convolutions = configuration.getConfs()
			.stream()
			.anyMatch((layer) -> layer.getLayer() instanceof ConvolutionLayer);
		if (!convolutions) {
			return 1;
		}
		if (settings.threads() > 0) {
			return settings.threads();
		}
		return sharedCores(processors, settings.concurrentJobs());
	}

	/**
	 * Each of {@code jobs} concurrent jobs' share of the cores, at least 1: more threads
	 * than cores make ND4J's and oneDNN's OpenMP threads spin against each other (a CNN
	 * trained 11 times slower on 2 threads than on 1 on an oversubscribed 2-core node).
	 */
	static int sharedCores(int processors, int jobs) {
		return Math.max(1, processors / jobs);
	}

	/** {@link #useThreads(int)} with {@link #threadsFor(MultiLayerConfiguration)}. */
	public static void useThreadsFor(MultiLayerConfiguration configuration) {
		useThreads(threadsFor(configuration));
	}

	/**
	 * Sets how many threads ND4J uses: for its parallel loops (process-wide, capped at
	 * the pool size ND4J chose at start-up) and for OpenMP, hence oneDNN, on the calling
	 * thread (OpenMP keeps that setting per thread: call this on the thread that trains).
	 */
	public static void useThreads(int threads) {
		if (threads <= 0) {
			throw new IllegalArgumentException("threads must be positive, was " + threads);
		}
		settings();
		// Environment.setMaxThreads is a no-op in this ND4J version; the loops take their
		// thread count from maxMasterThreads
		Nd4j.getEnvironment().setMaxMasterThreads(threads);
		NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
	}

	/** What the native runtime reports, seen from the calling thread. */
	public static Report report() {
		settings();
		NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
		return new Report(Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
				ops.ompGetMaxThreads(), Nd4j.factory().blas().getMaxThreads(), Pointer.maxPhysicalBytes(),
				oneDnnHelpersActive(), waitPolicyName());
	}

	/**
	 * The most bytes ND4J's arrays may take off the heap: JavaCPP's
	 * {@code org.bytedeco.javacpp.maxBytes}, by default the JVM's max heap (0: no limit).
	 */
	public static long maxOffHeapBytes() {
		prepareProcess();
		return Pointer.maxBytes();
	}

	/**
	 * Where DL4J writes the memory report of a network that ran out of memory (its
	 * default is the working directory).
	 */
	public static void writeCrashDumpsTo(java.nio.file.Path directory) {
		org.deeplearning4j.util.CrashReportingUtil.crashDumpOutputDirectory(directory.toFile());
	}

	/**
	 * Whether {@code error} (or one of its causes) is JavaCPP refusing an off-heap
	 * allocation: over {@code org.bytedeco.javacpp.maxBytes} or {@code maxPhysicalBytes},
	 * or the allocation itself failing. Such an {@link OutOfMemoryError} leaves the heap
	 * intact.
	 */
	public static boolean isOffHeapExhaustion(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (cause instanceof OutOfMemoryError && message != null && (message.contains("maxBytes")
					|| message.contains("maxPhysicalBytes") || message.startsWith("Cannot allocate"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Frees the ND4J workspaces of the calling thread, which otherwise stay allocated for
	 * its next job: after a job that failed, since a failed step may leave them at any
	 * size.
	 */
	public static void releaseThreadWorkspaces() {
		Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
	}

	/** The machine's physical memory in bytes (0: unknown). */
	public static long physicalMemoryBytes() {
		prepareProcess();
		return Pointer.totalPhysicalBytes();
	}

	/**
	 * Whether networks built now get DL4J's oneDNN helpers (enabled, and DL4J's own
	 * availability check passes).
	 */
	public static boolean oneDnnHelpersActive() {
		return !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE, "true")) && BaseMKLDNNHelper.mklDnnEnabled();
	}

	static boolean nativeBuildHasOneDnn() {
		String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
		return buildInfo != null && buildInfo.contains("HAVE_ONEDNN");
	}

	private static void enableOneDnnHelpers() {
		ClassLoader current = DL4JClassLoading.getDl4jClassloader();
		if (!(current instanceof LegacyEnvironmentClassLoader)) {
			DL4JClassLoading.setDl4jClassloader(new LegacyEnvironmentClassLoader(current));
		}
		// a check that ran before the fix failed and stuck: let it run again
		resetFailedOneDnnCheck();
		System.setProperty(HELPERS_DISABLE, "false");
	}

	private static void resetFailedOneDnnCheck() {
		try {
			Field failed = BaseMKLDNNHelper.class.getDeclaredField("FAILED_CHECK");
			failed.setAccessible(true);
			failed.set(null, null);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// a DL4J version without the flag: nothing to reset
		}
	}

	/**
	 * @param poolThreads threads in ND4J's pool (fixed at start-up)
	 * @param loopThreads threads ND4J's parallel loops use
	 * @param openMpThreads OpenMP (and so oneDNN) threads on the calling thread
	 * @param blasThreads OpenBLAS threads
	 * @param maxPhysicalBytes JavaCPP's physical memory limit (0: not checked)
	 * @param oneDnnHelpers whether new networks get oneDNN layer helpers
	 * @param waitPolicy how OpenMP's idle threads wait: the variables that say so
	 * ({@code GOMP_SPINCOUNT=1000}), or {@code default}
	 */
	public record Report(int poolThreads, int loopThreads, int openMpThreads, int blasThreads, long maxPhysicalBytes,
			boolean oneDnnHelpers, String waitPolicy) {
	}

}
