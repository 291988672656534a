package dev.kiln.engine;

import java.util.Iterator;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.preprocessors.ReshapePreprocessor;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The configuration a model file holds: DL4J's own classes only, so that any DL4J
 * 1.0.0-M2.1 application can open the file.
 * <p>
 * Writing: every class DL4J does not ship is written as the nearest DL4J class it
 * extends, with that class's settings (Kiln's CPU implementations keep their stock
 * class's settings and parameter layout, see {@code CpuAccelerations}). A learning-rate
 * schedule DL4J does not ship (Kiln's decays to a floor) is written as the learning rate
 * in force at the network's iteration and epoch, as is any schedule of AdaGrad's (DL4J's
 * {@code AdaGrad.clone()} drops it, which would leave a NaN rate). Kiln keeps the exact
 * schedule in the job's spec and resumes from that.
 * <p>
 * Reading: files written before model files were portable name Kiln's classes of the time
 * ({@code dev.kiln.spec.*}); they are read as the stock configuration they stand for.
 */
final class PortableConfiguration {

	private static final String LEGACY_PACKAGE = "dev.kiln.spec.";

	/** The stock class each class of the first format stood for. */
	private static final Map<String, String> LEGACY_CLASSES = Map.of("dev.kiln.spec.CachingDenseLayer",
			"org.deeplearning4j.nn.conf.layers.DenseLayer", "dev.kiln.spec.CachingOutputLayer",
			"org.deeplearning4j.nn.conf.layers.OutputLayer", "dev.kiln.spec.InputConvolutionLayer",
			"org.deeplearning4j.nn.conf.layers.ConvolutionLayer", "dev.kiln.spec.HeapMaskDropout",
			"org.deeplearning4j.nn.conf.dropout.Dropout", "dev.kiln.spec.ReluActivation",
			"org.nd4j.linalg.activations.impl.ActivationReLU", "dev.kiln.spec.FlatToImagePreProcessor",
			"org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor", "dev.kiln.spec.ScheduledAdaGrad",
			"org.nd4j.linalg.learning.config.AdaGrad");

	private static final String LEGACY_SEQUENCES = "dev.kiln.spec.FlatToSequencePreProcessor";

	private PortableConfiguration() {
	}

	/** Whether DL4J or ND4J ships the class. */
	static boolean isStock(String className) {
		return className.startsWith("org.deeplearning4j.") || className.startsWith("org.nd4j.");
	}

	/**
	 * {@code configuration}'s JSON with DL4J's classes only.
	 * @throws IllegalStateException if a class has no DL4J class to stand for it
	 */
	static String toJson(MultiLayerConfiguration configuration) {
		MultiLayerConfiguration copy = configuration.clone();
		for (NeuralNetConfiguration conf : copy.getConfs()) {
			portableUpdaters(conf.getLayer(), copy.getIterationCount(), copy.getEpochCount());
		}
		ObjectMapper mapper = NeuralNetConfiguration.mapper();
		JsonNode tree;
		try {
			tree = mapper.readTree(copy.toJson());
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot read a configuration's own JSON: " + ex.getMessage(), ex);
		}
		toStockClasses(tree);
		// read back as DL4J's classes, which leaves out settings only Kiln's classes had
		String json = MultiLayerConfiguration.fromJson(tree.toString()).toJson();
		if (json.contains("\"dev.kiln.")) {
			throw new IllegalStateException("a model file would name a class of Kiln's: " + json);
		}
		return json;
	}

	/**
	 * The configuration in a model file's JSON, as DL4J's classes (files of the first
	 * format included).
	 */
	static MultiLayerConfiguration fromJson(String json) {
		if (!json.contains("\"" + LEGACY_PACKAGE)) {
			return MultiLayerConfiguration.fromJson(json);
		}
		ObjectMapper mapper = NeuralNetConfiguration.mapper();
		JsonNode tree;
		try {
			tree = mapper.readTree(json);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("not a configuration: " + ex.getMessage(), ex);
		}
		boolean sequences = fromLegacy(tree, mapper);
		MultiLayerConfiguration configuration = MultiLayerConfiguration.fromJson(tree.toString());
		if (sequences) {
			// the first format's preprocessor made [n, features, timesteps] of a row,
			// DL4J's reshape makes [n, timesteps, features]: the LSTM layers read NWC
			for (NeuralNetConfiguration conf : configuration.getConfs()) {
				Layer layer = conf.getLayer();
				Layer recurrent = (layer instanceof BaseWrapperLayer wrapper) ? wrapper.getUnderlying() : layer;
				if (recurrent instanceof BaseRecurrentLayer rnn) {
					rnn.setRnnDataFormat(RNNFormat.NWC);
				}
			}
		}
		return configuration;
	}

	private static void portableUpdaters(Layer layer, int iteration, int epoch) {
		if (layer instanceof BaseWrapperLayer wrapper) {
			portableUpdaters(wrapper.getUnderlying(), iteration, epoch);
		}
		if (layer instanceof BaseLayer base) {
			base.setIUpdater(portableUpdater(base.getIUpdater(), iteration, epoch));
			base.setBiasUpdater(portableUpdater(base.getBiasUpdater(), iteration, epoch));
		}
	}

	/**
	 * The updater, with the learning rate in force instead of a schedule DL4J cannot
	 * keep.
	 */
	static IUpdater portableUpdater(IUpdater updater, int iteration, int epoch) {
		if (updater == null || !updater.hasLearningRate()) {
			return updater;
		}
		ISchedule schedule = schedule(updater);
		if (schedule == null || (isStock(schedule.getClass().getName()) && !(updater instanceof AdaGrad))) {
			return updater;
		}
		IUpdater portable = updater.clone();
		portable.setLrAndSchedule(updater.getLearningRate(iteration, epoch), null);
		return portable;
	}

	private static ISchedule schedule(IUpdater updater) {
		try {
			return (ISchedule) updater.getClass().getMethod("getLearningRateSchedule").invoke(updater);
		}
		catch (ReflectiveOperationException | ClassCastException ex) {
			return null;
		}
	}

	/** Replaces every class name DL4J does not ship with the DL4J class it extends. */
	private static void toStockClasses(JsonNode node) {
		if (node instanceof ObjectNode object) {
			JsonNode type = object.get("@class");
			if (type != null && type.isTextual() && !isStock(type.asText())) {
				object.put("@class", stockAncestor(type.asText()));
			}
			object.elements().forEachRemaining(PortableConfiguration::toStockClasses);
		}
		else if (node instanceof ArrayNode array) {
			array.elements().forEachRemaining(PortableConfiguration::toStockClasses);
		}
	}

	private static String stockAncestor(String className) {
		try {
			for (Class<?> type = Class.forName(className).getSuperclass(); type != null; type = type.getSuperclass()) {
				if (isStock(type.getName())) {
					return type.getName();
				}
			}
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("no such class: " + className, ex);
		}
		throw new IllegalStateException(className + " extends no class of DL4J's: a model file cannot name it");
	}

	/**
	 * Rewrites a tree of the first format in place: Kiln's classes as the stock ones they
	 * stood for, Kiln's schedules left out (the job's spec keeps them), the sequence
	 * preprocessor as DL4J's reshape.
	 * @return whether the tree held the sequence preprocessor
	 */
	private static boolean fromLegacy(JsonNode node, ObjectMapper mapper) {
		boolean sequences = false;
		if (node instanceof ObjectNode object) {
			String own = legacyType(object);
			if (own != null && LEGACY_CLASSES.containsKey(own)) {
				object.put("@class", LEGACY_CLASSES.get(own));
			}
			for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				String type = legacyType(field.getValue());
				if (type == null) {
					sequences |= fromLegacy(field.getValue(), mapper);
				}
				else if (LEGACY_SEQUENCES.equals(type)) {
					int timesteps = field.getValue().get("timesteps").asInt();
					int features = field.getValue().get("features").asInt();
					field
						.setValue(mapper.valueToTree(new ReshapePreprocessor(new long[] { (long) timesteps * features },
								new long[] { timesteps, features }, false, RNNFormat.NWC)));
					sequences = true;
				}
				else if (LEGACY_CLASSES.containsKey(type)) {
					sequences |= fromLegacy(field.getValue(), mapper);
				}
				else {
					// a schedule of Kiln's
					field.setValue(mapper.nullNode());
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (JsonNode element : array) {
				sequences |= fromLegacy(element, mapper);
			}
		}
		return sequences;
	}

	/** The Kiln class a node of the first format names, or null. */
	private static String legacyType(JsonNode node) {
		JsonNode type = (node instanceof ObjectNode) ? node.get("@class") : null;
		return (type != null && type.isTextual() && type.asText().startsWith(LEGACY_PACKAGE)) ? type.asText() : null;
	}

}
