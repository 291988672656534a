package dev.kiln.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformHelpersTest {

	@Test
	void denseNetworksTrainWithoutPlatformHelpersAndConvolutionalOnesWithThem() {
		assertThat(PlatformHelpers.needsHelpers(TestNetworks.mlp())).isFalse();
		assertThat(PlatformHelpers.needsHelpers(TestNetworks.cnn())).isTrue();
		assertThat(PlatformHelpers.active()).as("nothing trains").isTrue();

		try (PlatformHelpers.Lease dense = PlatformHelpers.train(TestNetworks.mlp())) {
			assertThat(PlatformHelpers.active()).as("only a dense network trains").isFalse();
			try (PlatformHelpers.Lease convolutional = PlatformHelpers.train(TestNetworks.cnn())) {
				assertThat(PlatformHelpers.active()).as("a convolutional network trains too").isTrue();
			}
			assertThat(PlatformHelpers.active()).as("the convolutional one ended").isFalse();
		}
		assertThat(PlatformHelpers.active()).as("nothing trains again").isTrue();
	}

	@Test
	void closingALeaseTwiceGivesTheSwitchBackOnce() {
		PlatformHelpers.Lease first = PlatformHelpers.train(TestNetworks.mlp());
		PlatformHelpers.Lease second = PlatformHelpers.train(TestNetworks.mlp());
		first.close();
		first.close();
		assertThat(PlatformHelpers.active()).as("the second dense network still trains").isFalse();
		second.close();
		assertThat(PlatformHelpers.active()).isTrue();
	}

}
