/**
 * Checkpoints: model files written atomically with their sha256, their rows, retention,
 * and the download API.
 */
@ApplicationModule(allowedDependencies = { "storage", "web" })
package dev.kiln.checkpoints;

import org.springframework.modulith.ApplicationModule;
