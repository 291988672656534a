package dev.kiln.jobs.internal.lifecycle;

import java.util.function.Function;

import jakarta.persistence.AttributeConverter;

/**
 * Stores an enum as the word the API and the spec use for it (such as {@code any} for
 * {@link dev.kiln.spec.DeviceClass#ANY}), not as its Java name, so the columns hold the
 * same strings they always held. Each enum has its converter, a subclass of this.
 *
 * @param <E> the enum
 */
abstract class WordColumn<E extends Enum<E>> implements AttributeConverter<E, String> {

	private final Class<E> type;

	private final Function<E, String> word;

	WordColumn(Class<E> type, Function<E, String> word) {
		this.type = type;
		this.word = word;
	}

	@Override
	public String convertToDatabaseColumn(E value) {
		return (value != null) ? this.word.apply(value) : null;
	}

	@Override
	public E convertToEntityAttribute(String stored) {
		if (stored == null) {
			return null;
		}
		for (E value : this.type.getEnumConstants()) {
			if (this.word.apply(value).equals(stored)) {
				return value;
			}
		}
		throw new IllegalArgumentException("no " + this.type.getSimpleName() + " is stored as '" + stored + "'");
	}

}
