/**
 * Jobs: the job and its lifecycle, the durable queue, the workers and the runner that
 * drives the engine, leases, live events, and the jobs API. Implements the node module's
 * ports for its workers and running jobs.
 */
@ApplicationModule(
		allowedDependencies = { "checkpoints", "datasets", "engine", "metrics", "node", "spec", "web", "webhooks" })
package dev.kiln.jobs;

import org.springframework.modulith.ApplicationModule;
