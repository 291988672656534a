package dev.kiln.jobs.internal.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import dev.kiln.storage.FullDisks;
import dev.kiln.storage.StorageFullException;
import dev.kiln.web.ConflictException;
import dev.kiln.web.InvalidField;
import dev.kiln.web.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobErrorsTest {

	@Test
	void aFailureReadsAsItsMessageWithoutTheExceptionsClass() {
		assertThat(JobErrors.describe(new ConflictException("dataset-deleted",
				"Dataset 'iris2' (3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e) was deleted")))
			.isEqualTo("Dataset 'iris2' (3f2c8a0e-1b7d-4c52-9e0a-6d1f2b3c4d5e) was deleted");
	}

	@Test
	void classNamesThatWrappersPutBeforeMessagesAreLeftOut() {
		// new UncheckedIOException(cause) takes the cause's toString() as its message
		assertThat(JobErrors.describe(new UncheckedIOException(new IOException("Stream closed"))))
			.isEqualTo("Stream closed");
		assertThat(JobErrors.describe(new IllegalStateException(
				"training failed in epoch 3: org.nd4j.linalg.exception.ND4JIllegalStateException: Op [matmul] failed")))
			.isEqualTo("training failed in epoch 3: Op [matmul] failed");
		assertThat(JobErrors.describe(new RuntimeException("IllegalArgumentException: bad shape")))
			.isEqualTo("bad shape");
	}

	@Test
	void anExceptionWithoutAMessageGivesTheFirstCauseThatHasOneOrAPlainSentence() {
		assertThat(JobErrors.describe(new RuntimeException(null, new IllegalStateException("the split is empty"))))
			.isEqualTo("the split is empty");
		assertThat(JobErrors.describe(new NullPointerException())).isEqualTo(JobErrors.UNEXPLAINED);
		assertThat(JobErrors.describe(new StackOverflowError())).isEqualTo(JobErrors.UNEXPLAINED);
	}

	@Test
	void fileAndMemoryFailuresSayWhatTheyAre() {
		assertThat(JobErrors.describe(new UncheckedIOException(new NoSuchFileException("/data/datasets/x.bin"))))
			.isEqualTo("/data/datasets/x.bin: no such file");
		assertThat(JobErrors.describe(new OutOfMemoryError("Java heap space")))
			.isEqualTo("out of memory: Java heap space");
		assertThat(JobErrors.describe(new StorageFullException(Path.of("/data/checkpoints"),
				"the checkpoint of epoch 2", FullDisks.noSpaceLeft(Path.of("/data/checkpoints/j/.writing-1.tmp")))))
			.isEqualTo("no space left on /data/checkpoints to write the checkpoint of epoch 2");
	}

	@Test
	void aSpecRefusedWhenTheJobStartsNamesEveryFieldAndWhy() {
		assertThat(JobErrors.describe(new InvalidRequestException("The job spec is invalid: 2 problem(s)",
				List.of(new InvalidField("$.dataset", "dataset 'iris2' was deleted"),
						new InvalidField("$.callback.url", "the host is not allowed")))))
			.isEqualTo("the job can no longer run as submitted: $.dataset: dataset 'iris2' was deleted; "
					+ "$.callback.url: the host is not allowed");
	}

}
