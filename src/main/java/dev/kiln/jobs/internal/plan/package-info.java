/**
 * What a job costs and where it may run, before and apart from any job row: the planner
 * that checks and compiles a spec on its dataset, the node's resource limits, the memory
 * budget of the jobs training at once, and which devices serve which jobs. The bottom
 * room.
 */
package dev.kiln.jobs.internal.plan;
