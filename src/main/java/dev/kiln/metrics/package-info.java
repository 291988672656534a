/**
 * Per-epoch metric rows, appended by the runner and read by the API.
 */
@ApplicationModule(allowedDependencies = {})
package dev.kiln.metrics;

import org.springframework.modulith.ApplicationModule;
