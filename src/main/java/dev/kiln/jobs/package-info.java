/**
 * Jobs: the job and its lifecycle, the durable queue, the workers and the runner that
 * drives the engine, leases, live events, and the jobs API; it implements the node
 * module's ports for its workers and running jobs. Other modules may use its named
 * interface {@code models} ({@link dev.kiln.jobs.TrainedModels},
 * {@link dev.kiln.jobs.TrainedModel}): jobs as sources of trained models.
 */
@ApplicationModule(allowedDependencies = { "checkpoints", "checkpoints :: ownership", "datasets", "engine", "metrics",
		"node", "spec", "web", "web :: outages", "webhooks" })
package dev.kiln.jobs;

import org.springframework.modulith.ApplicationModule;
