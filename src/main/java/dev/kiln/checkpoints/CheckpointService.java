package dev.kiln.checkpoints;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.kiln.checkpoints.internal.CheckpointMetrics;
import dev.kiln.checkpoints.internal.CheckpointRow;
import dev.kiln.checkpoints.internal.CheckpointRowRepository;
import dev.kiln.storage.StorageFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checkpoint files and the rows that describe them. A file is written to a temporary
 * name, forced to disk, hashed and renamed into place before its row exists, so a row
 * never points at a half-written file.
 */
@Service
public class CheckpointService {

	private static final Logger log = LoggerFactory.getLogger(CheckpointService.class);

	private final CheckpointRowRepository rows;

	private final Path root;

	private final Clock clock;

	private final CheckpointMetrics metrics;

	CheckpointService(CheckpointRowRepository rows, CheckpointProperties properties,
			@Value("${kiln.data-dir}") Path dataDir, Clock clock, CheckpointMetrics metrics) {
		this.rows = rows;
		this.metrics = metrics;
		this.root = properties.resolveDir(dataDir).toAbsolutePath().normalize();
		this.clock = clock;
	}

	/**
	 * Writes a checkpoint file into place: to a temporary name, forced to disk, hashed,
	 * then renamed. Done outside any transaction; {@link #record} then adds its row (in
	 * the caller's transaction, so that it commits with the epoch's other writes), or
	 * {@link #discard} removes it if those writes are refused.
	 */
	public StagedCheckpoint stage(UUID jobId, int epoch, CheckpointFileWriter writer) {
		UUID id = UUID.randomUUID();
		Path folder = this.root.resolve(jobId.toString());
		Path target = folder.resolve("epoch-" + epoch + "-" + id + ".zip");
		try {
			Files.createDirectories(folder);
			Path temp = Files.createTempFile(folder, ".writing-", ".tmp");
			try {
				writer.writeTo(temp);
				try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
					channel.force(true);
				}
				String sha256 = sha256(temp);
				long size = Files.size(temp);
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
				this.metrics.written(size);
				return new StagedCheckpoint(id, jobId, epoch, target, size, sha256);
			}
			finally {
				Files.deleteIfExists(temp);
			}
		}
		catch (IOException ex) {
			if (StorageFullException.isFullDisk(ex)) {
				// the temporary file is gone: the newest recorded checkpoint stays the
				// newest
				throw new StorageFullException(this.root, "the checkpoint of epoch " + epoch, ex);
			}
			throw new UncheckedIOException("could not write the checkpoint of epoch " + epoch + ": " + ex.getMessage(),
					ex);
		}
	}

	/** Records a staged checkpoint's row; joins the caller's transaction. */
	@Transactional
	public CheckpointInfo record(StagedCheckpoint staged, double validationLoss, double validationAccuracy) {
		CheckpointRow row = new CheckpointRow(staged.id(), staged.jobId(), staged.epoch(),
				this.root.relativize(staged.file()).toString(), staged.sizeBytes(), staged.sha256(), validationLoss,
				validationAccuracy, this.clock.instant());
		return toInfo(this.rows.save(row));
	}

	/** Removes a staged checkpoint whose row was never recorded. */
	public void discard(StagedCheckpoint staged) {
		try {
			Files.deleteIfExists(staged.file());
		}
		catch (IOException ex) {
			log.warn("Could not delete unrecorded checkpoint file {}: {}", staged.file(), ex.getMessage());
		}
	}

	@Transactional(readOnly = true)
	public List<CheckpointInfo> forJob(UUID jobId) {
		return this.rows.findByJobIdOrderByEpoch(jobId).stream().map(CheckpointService::toInfo).toList();
	}

	@Transactional(readOnly = true)
	public Optional<CheckpointInfo> find(UUID id) {
		return this.rows.findById(id).map(CheckpointService::toInfo);
	}

	@Transactional(readOnly = true)
	public Optional<CheckpointInfo> best(UUID jobId, CheckpointMetric metric) {
		return forJob(jobId).stream().max(metric.ranking());
	}

	/**
	 * The newest checkpoint of a job whose file is intact; a corrupt one is skipped (and
	 * logged) for the one before.
	 */
	public Optional<CheckpointInfo> newestIntact(UUID jobId) {
		List<CheckpointInfo> all = new ArrayList<>(forJob(jobId));
		for (int i = all.size() - 1; i >= 0; i--) {
			CheckpointInfo checkpoint = all.get(i);
			try {
				verifiedFile(checkpoint);
				return Optional.of(checkpoint);
			}
			catch (CorruptCheckpointException ex) {
				log.warn("Skipping checkpoint {} of job {}: {}", checkpoint.id(), jobId, ex.getMessage());
			}
		}
		return Optional.empty();
	}

	/** The checkpoint's file, after checking that its sha256 still matches. */
	public Path verifiedFile(CheckpointInfo checkpoint) {
		Path file = file(checkpoint);
		try {
			if (!Files.isRegularFile(file)) {
				throw new CorruptCheckpointException("checkpoint file " + file + " is missing");
			}
			String actual = sha256(file);
			if (!actual.equals(checkpoint.sha256())) {
				throw new CorruptCheckpointException("checkpoint file " + file + " has sha256 " + actual + " but "
						+ checkpoint.sha256() + " was recorded");
			}
			return file;
		}
		catch (IOException ex) {
			throw new CorruptCheckpointException("checkpoint file " + file + " cannot be read: " + ex.getMessage());
		}
	}

	/**
	 * The checkpoint's file, unverified (for streaming downloads, which carry the
	 * recorded digest).
	 */
	public Path file(CheckpointInfo checkpoint) {
		return this.rows.findById(checkpoint.id())
			.map((row) -> this.root.resolve(row.filePath()).normalize())
			.orElseThrow(() -> new CorruptCheckpointException("checkpoint " + checkpoint.id() + " has no row"));
	}

	/**
	 * Keeps the best checkpoint by {@code metric} and the newest {@code keepLast};
	 * deletes the others' rows, then their files, so that a row never outlives its file.
	 * @return the checkpoints deleted
	 */
	public List<CheckpointInfo> applyRetention(UUID jobId, CheckpointMetric metric, int keepLast) {
		List<CheckpointInfo> all = forJob(jobId);
		Optional<CheckpointInfo> best = all.stream().max(metric.ranking());
		List<CheckpointInfo> deleted = new ArrayList<>();
		for (int i = 0; i < all.size() - keepLast; i++) {
			CheckpointInfo checkpoint = all.get(i);
			if (best.isPresent() && best.get().id().equals(checkpoint.id())) {
				continue;
			}
			Path file = file(checkpoint);
			this.rows.deleteById(checkpoint.id());
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				log.warn("Could not delete checkpoint file {}: {}", file, ex.getMessage());
			}
			deleted.add(checkpoint);
		}
		return deleted;
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static CheckpointInfo toInfo(CheckpointRow row) {
		return new CheckpointInfo(row.id(), row.jobId(), row.epoch(), row.sizeBytes(), row.sha256(),
				row.validationLoss(), row.validationAccuracy(), row.createdAt());
	}

}
