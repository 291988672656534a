/**
 * The job itself: its entity, whose methods are the only way its status changes (one
 * state machine, see {@code JobStatus}), its attempts and transitions, its row and the
 * short fenced transactions that change it ({@code JobUpdates}), and the JSON kept in its
 * text columns.
 */
package dev.kiln.jobs.internal.lifecycle;
