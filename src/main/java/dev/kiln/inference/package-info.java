/**
 * Predictions: the predict endpoint, a cache of loaded models and the batching of
 * concurrent requests.
 */
@ApplicationModule(allowedDependencies = { "checkpoints", "engine", "jobs :: models", "web" })
package dev.kiln.inference;

import org.springframework.modulith.ApplicationModule;
