/**
 * Job callbacks: a job may name a URL that receives a signed JSON notice when it ends.
 * Notices are stored with the job's final state and sent, with retries, by a background
 * dispatcher; a failing receiver never affects its job.
 */
@ApplicationModule(allowedDependencies = { "checkpoints :: ownership", "web" })
package dev.kiln.webhooks;

import org.springframework.modulith.ApplicationModule;
