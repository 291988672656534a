package dev.kiln.web.internal;

import java.io.IOException;

import dev.kiln.web.Problems;
import dev.kiln.web.WebProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds JSON request bodies: a declared length over the limit is refused before anything
 * is read, and a body that turns out longer (chunked, or a lying length) fails while it
 * is read. Either way the client gets a 413 problem document and nothing is parsed past
 * the limit.
 */
@Component
class JsonBodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final JsonMapper json;

	JsonBodyLimitFilter(WebProperties properties, JsonMapper json) {
		this.limit = properties.maxJsonBody().toBytes();
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		try {
			return !MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON)
					&& !contentType.contains("+json");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			// refused before the dispatcher, so answered here rather than by the
			// exception advice
			ProblemDetail problem = tooLarge(this.limit);
			problem.setInstance(Problems.instance(request.getRequestURI()));
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(), problem);
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.limit), response);
	}

	static ProblemDetail tooLarge(long limit) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
				"The JSON body exceeds the limit of " + limit + " bytes");
	}

	/**
	 * Thrown while reading a JSON body past the limit; the advice answers it with
	 * {@link #tooLarge}.
	 */
	static final class JsonBodyTooLargeException extends IOException {

		private final long limit;

		JsonBodyTooLargeException(long limit) {
			super("The JSON body exceeds the limit of " + limit + " bytes");
			this.limit = limit;
		}

		long limit() {
			return this.limit;
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long read;

		LimitedInputStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			this.read += n;
			if (this.read > this.limit) {
				throw new JsonBodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
