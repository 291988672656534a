/**
 * The training engine on this node: built from Kiln's properties, its native runtime
 * loaded in the background at start-up, and its health as Actuator reports it. Stands
 * beside the other rooms: none imports it.
 */
package dev.kiln.jobs.internal.runtime;
