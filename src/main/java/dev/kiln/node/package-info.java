/**
 * The node: its identity and role ({@code kiln.node.*}) when several Kiln processes share
 * one database and one storage folder, the node registry (the {@code node} table, each
 * process's devices, workers and heartbeat), which jobs a node serves by their device,
 * the nodes API, and on worker nodes the refusal of the API. What it needs from the
 * workers and the jobs comes through its ports {@link dev.kiln.node.NodeWorkers} and
 * {@link dev.kiln.node.RunningJobs}, which the jobs module implements.
 */
@ApplicationModule(allowedDependencies = { "engine", "spec", "web" })
package dev.kiln.node;

import org.springframework.modulith.ApplicationModule;
