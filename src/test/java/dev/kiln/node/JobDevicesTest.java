package dev.kiln.node;

import dev.kiln.spec.DeviceClass;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobDevicesTest {

	@Test
	void gpuNodesServeGpuAndAnyJobsAndCpuNodesCpuAndAny() {
		assertThat(JobDevices.servedBy(true)).containsExactly(DeviceClass.GPU, DeviceClass.ANY);
		assertThat(JobDevices.servedBy(false)).containsExactly(DeviceClass.CPU, DeviceClass.ANY);
		assertThat(JobDevices.serves(true, DeviceClass.CPU)).isFalse();
		assertThat(JobDevices.serves(false, DeviceClass.GPU)).isFalse();
	}

	@Test
	void theSpecNamesAreTheWordsOfTheSpec() {
		assertThat(JobDevices.specNames(JobDevices.servedBy(true))).containsExactly("gpu", "any");
	}

}
