package dev.kiln.web.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import dev.kiln.storage.FullDisks;
import dev.kiln.storage.StorageFullException;
import dev.kiln.web.WebProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsAdviceTest {

	private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice(
			new DatabaseUnavailable(new WebProperties(DataSize.ofMegabytes(1), Duration.ofSeconds(5)),
					JsonMapper.shared()),
			new StaticListableBeanFactory().getBeanProvider(RequestMappingHandlerAdapter.class));

	enum ActivationKind {

		RELU, TANH

	}

	@Test
	void anEnumParameterIsRefusedInWordsListingItsValues() {
		assertThat(ProblemDetailsAdvice.notOneOf("relu", ActivationKind.class))
			.isEqualTo("'relu' is not an activation kind: one of RELU, TANH");
	}

	@Test
	void aRequestTheFirewallRejectsOutsideABodyIsABadRequestThatDoesNotEchoIt() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
		ResponseEntity<Object> answer = this.advice.handleRequestRejected(
				new RequestRejectedException(
						"The request was rejected because the parameter name \"a\nb\" is not allowed."),
				new ServletWebRequest(request));

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		ProblemDetail problem = (ProblemDetail) answer.getBody();
		assertThat(problem.getType()).hasToString("/problems/bad-request");
		assertThat(problem.getDetail()).isEqualTo("The request was rejected: a query or form parameter name holds "
				+ "characters that are not allowed there (such as a line break)");
	}

	@Test
	void aFullDiskAnswers507InsufficientStorageWithoutNamingTheServersFolders() {
		ResponseEntity<ProblemDetail> answer = this.advice.handleStorageFull(new StorageFullException(
				Path.of("/srv/kiln/datasets"), "the upload's parts", FullDisks.noSpaceLeft(Path.of("/srv/kiln/x"))));
		assertInsufficientStorage(answer);
	}

	@Test
	void aMultipartFormThatTheContainerCannotSpoolForLackOfSpaceAnswers507Too() {
		// Tomcat spools parts to its temporary folder; Spring wraps the failure
		ResponseEntity<ProblemDetail> answer = this.advice.handleMultipart(new MultipartException(
				"Failed to parse multipart servlet request", new IOException("No space left on device")));
		assertInsufficientStorage(answer);
		assertThat(this.advice.handleMultipart(new MultipartException("Stream ended unexpectedly")).getStatusCode())
			.isEqualTo(HttpStatus.BAD_REQUEST);
	}

	private static void assertInsufficientStorage(ResponseEntity<ProblemDetail> answer) {
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
		ProblemDetail problem = answer.getBody();
		assertThat(problem.getType()).hasToString("/problems/insufficient-storage");
		assertThat(problem.getTitle()).isEqualTo("Insufficient storage");
		assertThat(problem.getStatus()).isEqualTo(507);
		assertThat(problem.getDetail()).contains("no space left").doesNotContain("/srv");
	}

}
