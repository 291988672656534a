package dev.kiln.bench.lab;

import dev.kiln.engine.EngineSettings;
import dev.kiln.engine.NativeRuntime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;

/**
 * What dispatching one ND4J op costs, on a product too small for its arithmetic to
 * count (100 x 30 x 10): {@code Nd4j.gemm} against the same op run through a reused
 * {@link OpContext}.
 */
public final class DispatchLab {

	interface Call {

		void run();

	}

	public static void main(String[] args) {
		NativeRuntime.prepareProcess();
		NativeRuntime.configure(new EngineSettings(true, 1));
		NativeRuntime.useThreads(1);
		INDArray a = Nd4j.rand(DataType.FLOAT, 100, 30);
		INDArray b = Nd4j.rand(DataType.FLOAT, 30, 10);
		INDArray c = Nd4j.create(DataType.FLOAT, 100, 10);
		INDArray d = Nd4j.create(DataType.FLOAT, 100, 10);
		Mmul mmul = new Mmul(a, b, d, 1.0, 0.0, org.nd4j.linalg.api.blas.params.MMulTranspose.allFalse());
		OpContext context = Nd4j.getExecutioner().buildContext();
		context.setInputArrays(a, b);
		context.setOutputArrays(d);
		context.setIArguments(mmul.iArgs());
		context.setTArguments(mmul.tArgs());
		INDArray x = Nd4j.rand(DataType.FLOAT, 100, 30);
		INDArray y = Nd4j.rand(DataType.FLOAT, 100, 30);
		INDArray z = Nd4j.create(DataType.FLOAT, 100, 30);
		Step step = new Step(x, z);
		MulOp mul = new MulOp(x, y, z);
		OpContext mulContext = Nd4j.getExecutioner().buildContext();
		mulContext.setInputArrays(x, y);
		mulContext.setOutputArrays(z);
		INDArray bias = Nd4j.rand(DataType.FLOAT, 1, 10);
		BroadcastAddOp unused = null;
		AddOp add = new AddOp(c, bias, c);
		OpContext addContext = Nd4j.getExecutioner().buildContext();
		Sum sum = new Sum(c, bias, true, 0);
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		for (int round = 0; round < rounds; round++) {
			time("Nd4j.gemm", () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
			time("matmul, reused context", () -> Nd4j.getExecutioner().exec(mmul, context));
			time("mmuli", () -> a.mmuli(b, c));
			time("step (legacy transform), new op", () -> Nd4j.getExecutioner().exec(new Step(x, z)));
			time("step (legacy transform), reused op", () -> Nd4j.getExecutioner().exec(step));
			time("multiply (custom), new op", () -> Nd4j.exec(new MulOp(x, y, z)));
			time("multiply (custom), reused context", () -> Nd4j.getExecutioner().exec(mul, mulContext));
			time("muli", () -> x.muli(y));
			time("addiRowVector", () -> c.addiRowVector(bias));
			time("broadcast add (legacy), new op", () -> Nd4j.getExecutioner().exec(new BroadcastAddOp(c, bias, c, 1)));
			time("add (custom, broadcasting), reused context, arrays set", () -> {
				addContext.setInputArray(0, c);
				addContext.setInputArray(1, bias);
				addContext.setOutputArray(0, c);
				Nd4j.getExecutioner().exec(add, addContext);
			});
			time("matmul, reused context, arrays set", () -> {
				context.setInputArray(0, a);
				context.setInputArray(1, b);
				context.setOutputArray(0, d);
				Nd4j.getExecutioner().exec(mmul, context);
			});
			time("sum(0)", () -> c.sum(0));
			time("sum (legacy), new op with output", () -> Nd4j.getExecutioner().exec(new Sum(c, bias, true, 0)));
			time("sum (legacy), reused op", () -> {
				sum.setX(c);
				sum.setZ(bias);
				Nd4j.getExecutioner().exec(sum);
			});
		}
		System.out.println(c.equals(d));
	}

	static void time(String name, Call call) {
		for (int i = 0; i < 2000; i++) {
			call.run();
		}
		int n = 20000;
		long start = System.nanoTime();
		for (int i = 0; i < n; i++) {
			call.run();
		}
		System.out.printf("%-40s %.2f us%n", name, (System.nanoTime() - start) / 1e3 / n);
	}

}
