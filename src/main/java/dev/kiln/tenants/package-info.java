/**
 * Tenants and their API keys, the first admin key, and the tenants API.
 */
@ApplicationModule(allowedDependencies = { "web", "web :: authentication" })
package dev.kiln.tenants;

import org.springframework.modulith.ApplicationModule;
