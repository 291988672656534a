/**
 * The training engine, plain Java and DL4J: training, evaluation, prediction, model files
 * and the native runtime. It uses no other module (and no Spring, JPA or HTTP:
 * {@code EngineIndependenceTest}).
 */
@ApplicationModule(allowedDependencies = {})
package dev.kiln.engine;

import org.springframework.modulith.ApplicationModule;
