/**
 * What a job costs and whether it fits, before and apart from any job row: the planner
 * that checks and compiles a spec on its dataset, the node's resource limits and the
 * memory budget of the jobs training at once. The bottom room.
 */
package dev.kiln.jobs.internal.plan;
