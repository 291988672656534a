package dev.kiln.engine.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PerThreadTest {

	@Test
	void keepsOneValuePerThreadAndMakesItOnFirstUse() throws InterruptedException {
		AtomicInteger made = new AtomicInteger();
		PerThread<Object> values = new PerThread<>(() -> {
			made.incrementAndGet();
			return new Object();
		});
		assertThat(made).hasValue(0);
		Object mine = values.get();
		assertThat(values.get()).isSameAs(mine);
		Object[] theirs = new Object[1];
		Thread other = new Thread(() -> theirs[0] = values.get());
		other.start();
		other.join();
		assertThat(theirs[0]).isNotNull().isNotSameAs(mine);
		assertThat(made).hasValue(2);
	}

}
