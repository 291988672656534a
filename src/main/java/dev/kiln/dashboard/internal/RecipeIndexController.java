package dev.kiln.dashboard.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Names the recipes the build copied from {@code examples/} into the jar's
 * {@code static/recipes/}, so the dashboard can offer them without a hand-kept list. The
 * recipes themselves are served as static files next to it.
 */
@Hidden
@RestController
class RecipeIndexController {

	private static final String RECIPES = "classpath:/static/recipes/*.json";

	private final List<String> names;

	RecipeIndexController() throws IOException {
		ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		this.names = Arrays.stream(resolver.getResources(RECIPES))
			.map(Resource::getFilename)
			.filter(Objects::nonNull)
			.sorted()
			.toList();
	}

	record RecipeIndex(List<String> recipes) {
	}

	@GetMapping(path = "/recipes/index.json", produces = MediaType.APPLICATION_JSON_VALUE)
	RecipeIndex recipes() {
		return new RecipeIndex(this.names);
	}

}
