/**
 * The job spec language: JSON records ({@link dev.kiln.spec.JobSpec} and the records it
 * holds), their validation, shape inference and compilation to a DL4J
 * {@code MultiLayerConfiguration} by {@link dev.kiln.spec.SpecCompiler}.
 *
 * <h2>The language</h2> Every field is optional unless marked required; defaults are in
 * {@link dev.kiln.spec.SpecDefaults}. Words (types, activations, ...) match
 * case-insensitively. A field that does not apply to its layer type, optimizer or
 * schedule is a violation, not silently ignored.
 *
 * <pre>
 * {
 *   "name": "...", "dataset": "...",               (not checked here)
 *   "split": {"validation": 0.15, "test": 0.15, "seed": 42},     each in [0, 1), sum &lt; 1
 *   "normalization": "none" | "minmax" | "standardize",
 *   "model": {                                                   required
 *     "input": [features] | [height, width, channels] | [timesteps, features],   required
 *     "weightInit": "xavier" | "xavier-uniform" | "relu" | "relu-uniform" | "lecun-normal"
 *                   | "lecun-uniform" | "normal" | "uniform",
 *     "layers": [ ... ]                                          required, 1 to 100, last one output
 *   },
 *   "training": {
 *     "epochs": 10 (1..100000), "batchSize": 32 (1..65536), "seed": 42, "l2": 0 (&gt;= 0),
 *     "optimizer": {"type": "adam", "learningRate": ..., ...},
 *     "schedule": {"type": "fixed", ...}
 *   },
 *   "checkpoints": {"every": 1 (1..100000), "keepLast": 2 (0..1000),
 *                   "metric": "validationLoss" | "validationAccuracy"},
 *   "stopping": {"maxRuntime": ISO-8601 duration, "maxQueueWait": ISO-8601 duration,
 *                (each &gt; 0 and at most 366 days, such as "PT30M")
 *                "earlyStopping": {"metric": "validationLoss" | "validationAccuracy",
 *                                  "patience": 5 (1..100000), "minDelta": 0 (&gt;= 0; &lt; 1 for accuracy)}}
 *                (early stopping needs split.validation &gt; 0)
 *   "callback": {"url": "https://..."}     (not checked here: the webhooks module's allow-list)
 * }
 * </pre>
 *
 * <h3>Layers</h3>
 * <ul>
 * <li>{@code dense}: {@code units} (required, 1..65536), {@code activation} (relu),
 * {@code dropout}, {@code weightInit}. Flattens an image input.</li>
 * <li>{@code conv2d}: {@code filters} (required, 1..65536), {@code kernel} (required),
 * {@code stride} (1), {@code padding} (valid), {@code activation} (relu),
 * {@code dropout}, {@code weightInit}. Needs an image.</li>
 * <li>{@code maxpool2d}, {@code avgpool2d}: {@code kernel} (2), {@code stride} (the
 * kernel), {@code padding} (valid). Need an image.</li>
 * <li>{@code dropout}: {@code rate} (required), the probability of dropping an
 * activation.</li>
 * <li>{@code batchnorm}: no fields; normalises per channel on images, per feature
 * otherwise.</li>
 * <li>{@code lstm}: {@code units} (required), {@code activation} (tanh), {@code dropout},
 * {@code weightInit}. Needs a sequence; the last lstm hands on only its last time
 * step.</li>
 * <li>{@code output} (last layer only): {@code units} (the dataset's class count; must
 * equal it), {@code loss} ({@code cross-entropy} (default, needs softmax), {@code mse},
 * {@code binary-cross-entropy} (needs sigmoid)), {@code activation} (softmax, identity
 * for mse, sigmoid for binary-cross-entropy), {@code dropout}, {@code weightInit}.</li>
 * </ul>
 * {@code kernel} and {@code stride} are one integer (square) or {@code [height, width]},
 * each 1..256. {@code padding}: {@code valid} (output {@code floor((in - k) / s) + 1};
 * the kernel must fit) or {@code same} (output {@code ceil(in / s)}). {@code dropout} and
 * {@code rate} are in [0, 1) and give the probability of dropping (a layer's
 * {@code dropout} drops its inputs). Activations: sigmoid, tanh, relu, leakyrelu, elu,
 * softmax, identity. A layer's {@code weightInit} overrides the model's.
 *
 * <h3>Input</h3> The product of {@code input} must equal the dataset's feature count (the
 * shapes may differ). Rows always arrive flat: images channel-first ({@code [c][h][w]}),
 * sequences time step after time step ({@code [t][f]}). A {@code [timesteps, features]}
 * input needs an lstm as its first layer (after any dropout layers); between lstm layers
 * only dropout layers may come.
 *
 * <h3>Optimizers</h3>
 * <ul>
 * <li>{@code sgd}: learningRate 0.01.</li>
 * <li>{@code momentum} (Nesterov): learningRate 0.01, momentum 0.9 in [0, 1).</li>
 * <li>{@code adam} (default): learningRate 0.001, beta1 0.9, beta2 0.999 (each in [0,
 * 1)), epsilon 1e-8 in (0, 1].</li>
 * <li>{@code rmsprop}: learningRate 0.001, decay 0.95 in [0, 1), epsilon 1e-8.</li>
 * <li>{@code adagrad}: learningRate 0.01, epsilon 1e-6.</li>
 * </ul>
 * {@code learningRate} is in (0, 10].
 *
 * <h3>Schedules</h3> Of the learning rate, starting from the optimizer's; {@code unit} is
 * {@code iteration} (default) or {@code epoch} for every type but fixed.
 * <ul>
 * <li>{@code fixed} (default).</li>
 * <li>{@code exponential}: {@code floor + (lr - floor) * exp(-t / decaySteps)};
 * {@code decaySteps} required (&gt; 0), {@code floor} 0.</li>
 * <li>{@code step}: {@code lr * factor^floor(t / every)}; {@code factor} in (0, 1) and
 * {@code every} (&gt;= 1) required.</li>
 * <li>{@code cosine}: {@code floor + (lr - floor) * (1 + cos(pi * t / T)) / 2};
 * {@code floor} 0.</li>
 * <li>{@code polynomial}: {@code (lr - floor) * (1 - t / T)^power + floor}; {@code floor}
 * 0, {@code power} 1 in (0, 10].</li>
 * </ul>
 * {@code floor} must be below the learning rate. {@code T} is the whole training:
 * {@code epochs} for unit epoch, {@code epochs * ceil(trainingRows / batchSize)} for unit
 * iteration; past {@code T} the rate stays at the floor.
 */
@ApplicationModule(allowedDependencies = {})
package dev.kiln.spec;

import org.springframework.modulith.ApplicationModule;
