package dev.kiln.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/**
 * The page and size query parameters of list endpoints, checked.
 */
public final class Paging {

	private Paging() {
	}

	/**
	 * @throws InvalidRequestException naming {@code page} and {@code size} if either is
	 * out of range
	 */
	public static PageRequest request(int page, int size, int maxSize, Sort sort) {
		List<InvalidField> errors = new ArrayList<>();
		if (page < 0) {
			errors.add(new InvalidField("page", "must be 0 or more"));
		}
		if (size < 1 || size > maxSize) {
			errors.add(new InvalidField("size", "must be between 1 and " + maxSize));
		}
		else if ((long) page * size > Integer.MAX_VALUE) {
			errors.add(new InvalidField("page", "must be at most " + (Integer.MAX_VALUE / size) + " for size " + size));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(
					String.join("; ", errors.stream().map((e) -> e.path() + ": " + e.reason()).toList()), errors);
		}
		return PageRequest.of(page, size, sort);
	}

}
