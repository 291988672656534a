package dev.kiln.engine;

import java.util.List;

/**
 * A model's evaluation on held-out rows.
 *
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record TestEvaluation(int examples, double accuracy, List<ClassMetrics> classes, int[][] confusion) {

	public record ClassMetrics(String label, double precision, double recall, double f1, int support) {
	}

}
