package dev.kiln.tenants.internal;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.kiln.tenants.internal.TenantResponses.CallerResponse;
import dev.kiln.tenants.internal.TenantResponses.CreateKeyRequest;
import dev.kiln.tenants.internal.TenantResponses.CreateTenantRequest;
import dev.kiln.tenants.internal.TenantResponses.CreatedKeyResponse;
import dev.kiln.tenants.internal.TenantResponses.KeyResponse;
import dev.kiln.tenants.internal.TenantResponses.TenantResponse;
import dev.kiln.web.Caller;
import dev.kiln.web.PageResponse;
import dev.kiln.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Tenants",
		description = "Who owns datasets and jobs, and their API keys. Managing them needs an admin key.")
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class TenantController {

	private static final int MAX_PAGE_SIZE = 100;

	private final TenantAdministration administration;

	TenantController(TenantAdministration administration) {
		this.administration = administration;
	}

	@Operation(operationId = "getCaller", summary = "Who am I: the tenant and key this request is authenticated with")
	@ApiResponse(responseCode = "200", description = "The caller")
	@GetMapping("/me")
	CallerResponse me(Caller caller) {
		Tenant tenant = this.administration.tenant(caller.tenantId());
		return new CallerResponse(tenant.getId(), tenant.getName(), caller.keyId(), caller.admin());
	}

	@Operation(operationId = "createTenant", summary = "Create a tenant",
			description = "Admin keys only. The new tenant has no key: make one next.")
	@ApiResponse(responseCode = "201", description = "Created; Location names the tenant",
			headers = @Header(name = "Location", description = "The new tenant's path",
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", description = "The name is missing or not a plain name")
	@ApiResponse(responseCode = "403", description = "Not an admin key")
	@ApiResponse(responseCode = "409", description = "tenant-name-taken: a tenant has this name")
	@PostMapping("/tenants")
	ResponseEntity<TenantResponse> createTenant(Caller caller, @RequestBody CreateTenantRequest request) {
		caller.requireAdmin();
		Tenant tenant = this.administration.createTenant(request.name());
		return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant.getId())).body(TenantResponse.of(tenant));
	}

	@Operation(operationId = "listTenants", summary = "List tenants, by name", description = "Admin keys only.")
	@ApiResponse(responseCode = "200", description = "One page of tenants")
	@ApiResponse(responseCode = "403", description = "Not an admin key")
	@GetMapping("/tenants")
	PageResponse<TenantResponse> tenants(Caller caller,
			@Parameter(description = "Zero-based page number") @RequestParam(defaultValue = "0") int page,
			@Parameter(description = "Page size, 1 to " + MAX_PAGE_SIZE) @RequestParam(defaultValue = "20") int size) {
		caller.requireAdmin();
		return PageResponse.of(this.administration.tenants(Paging.request(page, size, MAX_PAGE_SIZE, Sort.by("name"))),
				TenantResponse::of);
	}

	@Operation(operationId = "getTenant", summary = "Get a tenant", description = "Admin keys only.")
	@ApiResponse(responseCode = "200", description = "The tenant")
	@ApiResponse(responseCode = "403", description = "Not an admin key")
	@ApiResponse(responseCode = "404", description = "No such tenant")
	@GetMapping("/tenants/{id}")
	TenantResponse tenant(Caller caller, @PathVariable UUID id) {
		caller.requireAdmin();
		return TenantResponse.of(this.administration.tenant(id));
	}

	@Operation(operationId = "createKey", summary = "Make an API key for a tenant",
			description = "Admin keys only. The answer is the only time the key is shown: Kiln keeps its SHA-256.")
	@ApiResponse(responseCode = "201", description = "Made; the key is in the answer",
			headers = @Header(name = "Location", description = "The new key's path", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", description = "The name is missing or not a plain name")
	@ApiResponse(responseCode = "403", description = "Not an admin key")
	@ApiResponse(responseCode = "404", description = "No such tenant")
	@PostMapping("/tenants/{id}/keys")
	ResponseEntity<CreatedKeyResponse> createKey(Caller caller, @PathVariable UUID id,
			@RequestBody CreateKeyRequest request) {
		caller.requireAdmin();
		TenantAdministration.CreatedKey created = this.administration.createKey(id, request.name(),
				Boolean.TRUE.equals(request.admin()));
		return ResponseEntity.created(URI.create("/api/v1/tenants/" + id + "/keys/" + created.key().getId()))
			.body(CreatedKeyResponse.of(created));
	}

	@Operation(operationId = "listKeys", summary = "List a tenant's API keys, revoked ones included",
			description = "Admin keys only.")
	@ApiResponse(responseCode = "200", description = "The keys (never the keys themselves)")
	@ApiResponse(responseCode = "403", description = "Not an admin key")
	@ApiResponse(responseCode = "404", description = "No such tenant")
	@GetMapping("/tenants/{id}/keys")
	List<KeyResponse> keys(Caller caller, @PathVariable UUID id) {
		caller.requireAdmin();
		return this.administration.keys(id).stream().map(KeyResponse::of).toList();
	}

	@Operation(operationId = "revokeKey", summary = "Revoke an API key",
			description = "Admin keys only. The key is refused from the next request on; its row stays, marked revoked.")
	@ApiResponse(responseCode = "200", description = "Revoked")
	@ApiResponse(responseCode = "403", description = "Not an admin key")
	@ApiResponse(responseCode = "404", description = "The tenant has no such key")
	@ApiResponse(responseCode = "409", description = "last-admin-key: it is the only active admin key")
	@DeleteMapping("/tenants/{id}/keys/{keyId}")
	KeyResponse revokeKey(Caller caller, @PathVariable UUID id, @PathVariable UUID keyId) {
		caller.requireAdmin();
		return KeyResponse.of(this.administration.revokeKey(id, keyId));
	}

}
