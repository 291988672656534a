/**
 * The jobs API: its use cases ({@code JobService}: submit or dry-run, read, list,
 * cancel), its REST endpoints and response types, the live event stream's endpoint, and
 * what other modules ask of jobs through their ports (a dataset in use, a checkpoint's
 * owner). The top room: nothing else in {@code jobs/internal} imports it.
 */
package dev.kiln.jobs.internal.api;
