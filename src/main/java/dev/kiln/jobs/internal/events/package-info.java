/**
 * What a job tells the world as it goes: its event rows (the history behind the live
 * stream), the in-memory bus that fans progress and events out to subscribers, the
 * end-of-job callback notices, and the jobs module's meters.
 */
package dev.kiln.jobs.internal.events;
