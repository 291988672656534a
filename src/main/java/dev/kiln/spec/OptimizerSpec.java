package dev.kiln.spec;

/**
 * @param type sgd, momentum (Nesterov), adam, rmsprop, adagrad
 * @param momentum for momentum
 * @param decay for rmsprop (the moving average's decay)
 */
public record OptimizerSpec(String type, Double learningRate, Double momentum, Double beta1, Double beta2,
		Double epsilon, Double decay) {
}
