/**
 * Datasets: the registry, the built-in datasets, upload formats, the binary store,
 * splits, soft deletion and the datasets API.
 */
@ApplicationModule(allowedDependencies = { "engine", "storage", "web" })
package dev.kiln.datasets;

import org.springframework.modulith.ApplicationModule;
