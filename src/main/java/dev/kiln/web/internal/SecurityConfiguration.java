package dev.kiln.web.internal;

import dev.kiln.web.ApiKeyAuthenticator;
import java.util.Arrays;

import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Deny by default: every request needs an API key except the health probes, the API
 * documents and the dashboard's static page (which asks for a key), and the other
 * actuator endpoints (metrics) need an admin key. There are no sessions or cookies (so no
 * CSRF to guard against): each request carries its key.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	/**
	 * The dashboard's page, its static files, its icon (which browsers fetch without
	 * being asked) and the recipes it offers, readable (GET) without a key: the page
	 * itself asks for one.
	 */
	static final String[] DASHBOARD_PATHS = { "/", "/index.html", "/favicon.ico", "/assets/**", "/recipes/**" };

	/** What anyone may read without a key. */
	static final String[] PUBLIC_PATHS = { "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
			"/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**" };

	/**
	 * The dashboard loads scripts, styles and data from Kiln only, runs no inline script
	 * and may not be framed. (Swagger UI keeps its own defaults.)
	 */
	static final String DASHBOARD_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
			+ "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	/** What only an admin key may read (health, above, excepted). */
	static final String[] ADMIN_PATHS = { "/actuator", "/actuator/**" };

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyAuthenticator authenticator, JsonMapper json,
			DatabaseUnavailable databaseUnavailable) throws Exception {
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(json);
		return http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.headers((headers) -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
					new OrRequestMatcher(Arrays.stream(DASHBOARD_PATHS)
						.<RequestMatcher>map(PathPatternRequestMatcher.withDefaults()::matcher)
						.toList()),
					new StaticHeadersWriter("Content-Security-Policy", DASHBOARD_CONTENT_SECURITY_POLICY))))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new ApiKeyAuthenticationFilter(authenticator, entryPoint, databaseUnavailable),
					AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests
				// the error dispatch renders the problem of a request already let in (or
				// refused); the async dispatch completes a request already let in (an
				// event stream)
				.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
				.permitAll()
				.requestMatchers(PUBLIC_PATHS)
				.permitAll()
				.requestMatchers(HttpMethod.GET, DASHBOARD_PATHS)
				.permitAll()
				// metrics and the rest of the actuator span every tenant
				.requestMatchers(ADMIN_PATHS)
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(new ProblemAccessDeniedHandler(json)))
			.build();
	}

}
