package dev.kiln.jobs.internal.lifecycle;

import dev.kiln.spec.DeviceClass;
import jakarta.persistence.Converter;

/** Stores {@link Job#device()} as gpu, cpu or any. */
@Converter
public class DeviceClassColumn extends WordColumn<DeviceClass> {

	public DeviceClassColumn() {
		super(DeviceClass.class, DeviceClass::specName);
	}

}
