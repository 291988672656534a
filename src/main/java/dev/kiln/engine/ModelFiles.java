package dev.kiln.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import dev.kiln.engine.cpu.CpuAccelerations;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes model files in DL4J's layout, and reads those that Kiln wrote itself with
 * {@link ModelSnapshot#writeTo}.
 * <p>
 * A model file is DL4J's own: its configuration names only classes DL4J 1.0.0-M2.1 ships
 * ({@link PortableConfiguration}), so {@code ModelSerializer.restoreMultiLayerNetwork}
 * opens it in any DL4J application. Kiln's CPU implementations are swapped in when Kiln
 * loads a file with {@link Accelerations} active, and never written.
 * <p>
 * Loading a model file deserialises objects named in it: only ever pass files that Kiln
 * wrote to its own storage, never files uploaded by users.
 */
public final class ModelFiles {

	private ModelFiles() {
	}

	/**
	 * Writes the network, its updater state and its counters to {@code path} in the
	 * layout of DL4J's {@link ModelSerializer} (which {@link #load} reads back),
	 * uncompressed. Why not {@code ModelSerializer.writeModel}: it deflates, and
	 * parameters are nearly incompressible floats. For the 5-layer MLP with Adam's state
	 * it took 84 ms for 1.99 MB, deflate's fastest level 54 ms for 2.00 MB, and no
	 * compression 10 ms for 2.23 MB ({@code CheckpointLab}).
	 */
	static void write(MultiLayerNetwork network, Path path) throws IOException {
		write(network, path, null);
	}

	/**
	 * {@link #write(MultiLayerNetwork, Path)}, with the scaling the network's rows take
	 * as DL4J's own {@code normalizer.bin} (which
	 * {@code ModelSerializer.restoreNormalizerFromFile} reads): every Kiln scaling is
	 * {@code (x - offset) / scale} per feature, which is ND4J's
	 * {@link NormalizerStandardize} with the offsets as means and the scales as standard
	 * deviations. Left out for null or the identity.
	 */
	public static void write(MultiLayerNetwork network, Path path, FeatureScaling scaling) throws IOException {
		try (OutputStream file = Files.newOutputStream(path);
				ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16))) {
			zip.setLevel(Deflater.NO_COMPRESSION);
			zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
			zip.write(PortableConfiguration.toJson(network.getLayerWiseConfigurations())
				.getBytes(StandardCharsets.UTF_8));
			DataOutputStream data = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
			zip.putNextEntry(new ZipEntry(ModelSerializer.COEFFICIENTS_BIN));
			INDArray parameters = network.params();
			if (parameters != null) {
				Nd4j.write(parameters, data);
				data.flush();
			}
			else {
				// as DL4J marks a network without parameters
				zip.putNextEntry(new ZipEntry(ModelSerializer.NO_PARAMS_MARKER));
			}
			INDArray updaterState = network.getUpdater().getStateViewArray();
			if (updaterState != null && updaterState.length() > 0) {
				zip.putNextEntry(new ZipEntry(ModelSerializer.UPDATER_BIN));
				Nd4j.write(updaterState, data);
				data.flush();
			}
			if (scaling != null && !isIdentity(scaling)) {
				zip.putNextEntry(new ZipEntry(ModelSerializer.NORMALIZER_BIN));
				NormalizerSerializer.getDefault().write(normalizer(scaling), data);
				data.flush();
			}
		}
	}

	/**
	 * Whether the scaling leaves every value as it is. (Not a method of
	 * {@link FeatureScaling}: jobs store it as JSON, bean properties and all.)
	 */
	private static boolean isIdentity(FeatureScaling scaling) {
		for (int f = 0; f < scaling.featureLength(); f++) {
			if (scaling.offset()[f] != 0 || scaling.scale()[f] != 1) {
				return false;
			}
		}
		return true;
	}

	static NormalizerStandardize normalizer(FeatureScaling scaling) {
		long width = scaling.featureLength();
		return new NormalizerStandardize(Nd4j.create(scaling.offset(), new long[] { 1, width }, 'c'),
				Nd4j.create(scaling.scale(), new long[] { 1, width }, 'c'));
	}

	/**
	 * The network stored at {@code path} with its updater state (so training can resume
	 * with the optimiser's moments) and its iteration and epoch counters.
	 * @param accelerations whether to swap in Kiln's CPU implementations
	 * @throws NoSuchFileException if there is no file at {@code path}
	 * @throws IOException if the file cannot be read as a network
	 */
	public static MultiLayerNetwork load(Path path, Accelerations accelerations) throws IOException {
		return load(path, true, accelerations);
	}

	/**
	 * The network stored at {@code path} without its updater state: enough to predict
	 * with, in a third of the memory when the optimiser was Adam.
	 * @param accelerations whether to swap in Kiln's CPU implementations
	 * @throws NoSuchFileException if there is no file at {@code path}
	 * @throws IOException if the file cannot be read as a network
	 */
	public static MultiLayerNetwork loadWeights(Path path, Accelerations accelerations) throws IOException {
		return load(path, false, accelerations);
	}

	/**
	 * What {@code ModelSerializer.restoreMultiLayerNetwork} reads, with the configuration
	 * read as DL4J's classes whatever format the file has.
	 */
	private static MultiLayerNetwork load(Path path, boolean withUpdater, Accelerations accelerations)
			throws IOException {
		if (!Files.isRegularFile(path)) {
			throw new NoSuchFileException(path.toString(), null, "no model file");
		}
		// networks get oneDNN helpers when their layers are created: configure first
		NativeRuntime.settings();
		try (ZipFile zip = new ZipFile(path.toFile())) {
			ZipEntry configurationEntry = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
			if (configurationEntry == null) {
				throw new IOException("Not a model file: " + path + " (no " + ModelSerializer.CONFIGURATION_JSON + ")");
			}
			MultiLayerConfiguration configuration;
			try (InputStream in = zip.getInputStream(configurationEntry)) {
				configuration = PortableConfiguration.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
			if (accelerations.active()) {
				configuration = CpuAccelerations.accelerate(configuration);
			}
			INDArray parameters = read(zip, ModelSerializer.COEFFICIENTS_BIN);
			MultiLayerNetwork network = new MultiLayerNetwork(configuration);
			if (parameters != null) {
				network.init(parameters, false);
			}
			else {
				network.init();
			}
			INDArray updaterState = withUpdater ? read(zip, ModelSerializer.UPDATER_BIN) : null;
			if (updaterState != null) {
				network.getUpdater().setStateViewArray(network, updaterState, false);
			}
			return network;
		}
		catch (IOException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new IOException("Not a readable model file: " + path + " (" + ex.getMessage() + ")", ex);
		}
	}

	private static INDArray read(ZipFile zip, String name) throws IOException {
		ZipEntry entry = zip.getEntry(name);
		if (entry == null || entry.getSize() == 0) {
			return null;
		}
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(entry), 1 << 16))) {
			return Nd4j.read(in);
		}
	}

}
