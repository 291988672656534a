/**
 * What every HTTP endpoint shares: the RFC 9457 problem contract, the name standard,
 * strict JSON, paging, the OpenAPI document and security.
 */
@ApplicationModule(allowedDependencies = { "storage" })
package dev.kiln.web;

import org.springframework.modulith.ApplicationModule;
