package dev.kiln.web.internal;

import java.util.List;

import dev.kiln.web.Caller;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by its API key. The key itself is not kept: the principal is
 * the {@link Caller} it identifies.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final Caller caller;

	ApiKeyAuthentication(Caller caller) {
		super(caller.admin()
				? List.of(new SimpleGrantedAuthority("ROLE_TENANT"), new SimpleGrantedAuthority("ROLE_ADMIN"))
				: List.of(new SimpleGrantedAuthority("ROLE_TENANT")));
		this.caller = caller;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Caller getPrincipal() {
		return this.caller;
	}

}
