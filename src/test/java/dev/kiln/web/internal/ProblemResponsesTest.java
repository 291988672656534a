package dev.kiln.web.internal;

import java.util.List;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTest {

	private static final String PROBLEM_REF = "#/components/schemas/ProblemDetail";

	private final ProblemResponses problems = new ProblemResponses();

	@Test
	void anOperationWithAJsonBodyAndAUuidInItsPathCanAnswerEveryErrorTheSharedMachineryGives() {
		Operation operation = new Operation()
			.parameters(List.of(new PathParameter().name("id").schema(new UUIDSchema())))
			.requestBody(new RequestBody().content(new Content().addMediaType("application/json", new MediaType())))
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("Found")));

		ApiResponses responses = this.problems.customize(operation, null).getResponses();

		assertThat(responses).containsOnlyKeys("200", "400", "401", "413", "415", "500", "503");
		assertThat(responses.get("415").getDescription()).isEqualTo("The body is not application/json");
		responses.forEach((code, response) -> {
			if (!code.equals("200")) {
				assertThat(response.getContent()).as(code).containsOnlyKeys("application/problem+json");
				assertThat(response.getContent().get("application/problem+json").getSchema().get$ref()).as(code)
					.isEqualTo(PROBLEM_REF);
			}
		});
	}

	@Test
	void aTextPathVariableWithNoBodyCannotBeRefusedAsInvalid() {
		Operation operation = new Operation()
			.parameters(List.of(new PathParameter().name("id").schema(new StringSchema())))
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("Found")));

		assertThat(this.problems.customize(operation, null).getResponses()).containsOnlyKeys("200", "401", "500",
				"503");
	}

	@Test
	void everyOperationCanAnswer503WithRetryAfterWhileTheDatabaseIsAway() {
		Operation plain = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()));
		Operation streams = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse())
			.addApiResponse("503", new ApiResponse().description("This node serves as many streams as it may")));

		ApiResponse database = this.problems.customize(plain, null).getResponses().get("503");
		ApiResponse both = this.problems.customize(streams, null).getResponses().get("503");

		assertThat(database.getDescription()).startsWith("database-unavailable: ");
		assertThat(database.getHeaders()).containsOnlyKeys("Retry-After");
		assertThat(database.getContent().get("application/problem+json").getSchema().get$ref()).isEqualTo(PROBLEM_REF);
		assertThat(both.getDescription())
			.startsWith("This node serves as many streams as it may; or database-unavailable");
	}

	@Test
	void aControllersOwnErrorKeepsItsDescriptionAndExamplesButAnswersAProblemDocument() {
		Example notFound = new Example().value("{\"type\": \"/problems/not-found\"}");
		ApiResponse declared = new ApiResponse().description("No such job")
			.content(new Content()
				.addMediaType("application/problem+json", new MediaType().addExamples("unknown id", notFound))
				.addMediaType("application/json", new MediaType().schema(new Schema<>().$ref("JobResponse"))));
		Operation operation = new Operation()
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse()).addApiResponse("404", declared));

		ApiResponse response = this.problems.customize(operation, null).getResponses().get("404");

		assertThat(response.getDescription()).isEqualTo("No such job");
		assertThat(response.getContent()).containsOnlyKeys("application/problem+json");
		MediaType problem = response.getContent().get("application/problem+json");
		assertThat(problem.getSchema().get$ref()).isEqualTo(PROBLEM_REF);
		assertThat(problem.getExamples()).containsEntry("unknown id", notFound);
	}

}
