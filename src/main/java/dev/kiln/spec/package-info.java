/**
 * The job spec language: the JSON records a client submits ({@link dev.kiln.spec.JobSpec}
 * and the records it holds), their defaults and limits
 * ({@link dev.kiln.spec.SpecDefaults}), validation that reports every violation by its
 * JSON path, shape inference and parameter counts, and compilation by
 * {@link dev.kiln.spec.SpecCompiler} to a DL4J {@code MultiLayerConfiguration} of DL4J's
 * own layers, with the dry run's layer table and DL4J's memory estimate, plus the
 * learning-rate schedules DL4J lacks. The language itself (every field, its default and
 * range) is described once, in docs/job-spec.md.
 */
@ApplicationModule(allowedDependencies = {})
package dev.kiln.spec;

import org.springframework.modulith.ApplicationModule;
