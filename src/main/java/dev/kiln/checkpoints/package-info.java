/**
 * Checkpoints: model files written atomically with their sha256, their rows, retention,
 * and the download API. Its named interface {@code ownership}
 * ({@link dev.kiln.checkpoints.JobOwnership}) is the port that tells whose a job is, for
 * modules that need nothing else of this one.
 */
@ApplicationModule(allowedDependencies = { "storage", "web" })
package dev.kiln.checkpoints;

import org.springframework.modulith.ApplicationModule;
