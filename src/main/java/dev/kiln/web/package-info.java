/**
 * What every HTTP endpoint shares: the RFC 9457 problem contract, the name standard,
 * strict JSON, paging, the OpenAPI document and security. Controllers and the services
 * behind them use the base package; two parts are named interfaces of their own:
 * {@code authentication} ({@link dev.kiln.web.ApiKeyAuthenticator}, the port the module
 * that stores keys implements) and {@code outages} ({@link dev.kiln.web.DatabaseOutages},
 * for code off the HTTP path).
 */
@ApplicationModule(allowedDependencies = { "storage" })
package dev.kiln.web;

import org.springframework.modulith.ApplicationModule;
