package dev.kiln.web.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.kiln.web.ApiKeyAuthenticator;
import dev.kiln.web.Caller;
import dev.kiln.web.DatabaseOutages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <API key>}. A request
 * without the header goes on unauthenticated (and is refused unless its endpoint is
 * public); one whose header is malformed, or whose key is unknown or revoked, is answered
 * 401 at once, whatever endpoint it asks for. A key that cannot be looked up because the
 * database is unreachable is answered 503, never 401.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	/** RFC 6750's b64token, the syntax of a bearer credential. */
	private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9._~+/-]+=*)");

	private final ApiKeyAuthenticator authenticator;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final DatabaseUnavailable databaseUnavailable;

	ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, AuthenticationEntryPoint entryPoint,
			DatabaseUnavailable databaseUnavailable) {
		this.authenticator = authenticator;
		this.entryPoint = entryPoint;
		this.databaseUnavailable = databaseUnavailable;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
		if (headers.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		if (headers.size() > 1) {
			refuse(request, response, "Send one Authorization header, not " + headers.size());
			return;
		}
		var matcher = BEARER.matcher(headers.get(0).strip());
		if (!matcher.matches()) {
			refuse(request, response, "The Authorization header must be 'Bearer <API key>'");
			return;
		}
		Optional<Caller> caller;
		try {
			caller = this.authenticator.authenticate(matcher.group(1));
		}
		catch (RuntimeException ex) {
			if (!DatabaseOutages.isOutage(ex)) {
				throw ex;
			}
			// the key is neither accepted nor refused: ask again later
			this.contexts.clearContext();
			this.databaseUnavailable.write(request, response, ex);
			return;
		}
		if (caller.isEmpty()) {
			refuse(request, response, "The API key is not valid: it is unknown or was revoked");
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new ApiKeyAuthentication(caller.get()));
		this.contexts.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.clearContext();
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String reason)
			throws IOException, ServletException {
		this.contexts.clearContext();
		this.entryPoint.commence(request, response, new BadCredentialsException(reason));
	}

}
