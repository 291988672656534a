/**
 * The durable queue on this node: the dispatcher claims queued jobs for free workers (one
 * per compute device) and hands each to the runner; the lease keeper renews the leases of
 * running jobs and recovers the jobs of nodes that vanished; the queue reasons say why a
 * job still waits.
 */
package dev.kiln.jobs.internal.queue;
