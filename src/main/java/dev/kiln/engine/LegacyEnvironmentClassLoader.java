package dev.kiln.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Makes DL4J's oneDNN availability check pass again.
 * <p>
 * DL4J 1.0.0-M2.1 creates oneDNN layer helpers only if
 * {@code BaseMKLDNNHelper.mklDnnEnabled()} holds, and that check reflectively calls
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}, a class
 * ND4J no longer has (the bindings moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings}), so the check always fails. DL4J looks
 * the class up through {@code DL4JClassLoading}'s class loader; this loader, installed
 * there in front of the previous one, answers that single name with a minimal class whose
 * {@code isUseMKLDNN()} returns true, and delegates every other name unchanged. Kiln
 * installs it only when the native build has oneDNN; DL4J's own per-layer checks (layer
 * types, batch-norm and LRN parameters) still apply.
 */
final class LegacyEnvironmentClassLoader extends ClassLoader {

	static final String LEGACY_ENVIRONMENT = "org.nd4j.nativeblas.Nd4jCpu$Environment";

	private Class<?> environment;

	LegacyEnvironmentClassLoader(ClassLoader parent) {
		super(parent);
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (LEGACY_ENVIRONMENT.equals(name)) {
			synchronized (getClassLoadingLock(name)) {
				if (this.environment == null) {
					byte[] bytes = environmentClass();
					this.environment = defineClass(name, bytes, 0, bytes.length);
				}
				return this.environment;
			}
		}
		return super.loadClass(name, resolve);
	}

	/**
	 * The class file of {@code public class Nd4jCpu$Environment { public static
	 * Nd4jCpu$Environment getInstance() { return new Nd4jCpu$Environment(); } public
	 * boolean isUseMKLDNN() { return true; } }}: straight-line code, so no stack map
	 * frames are needed.
	 */
	static byte[] environmentClass() {
		String self = LEGACY_ENVIRONMENT.replace('.', '/');
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(buffer)) {
			out.writeInt(0xCAFEBABE);
			out.writeShort(0); // minor version
			out.writeShort(52); // Java 8
			out.writeShort(15); // constant pool count (entries 1..14)
			utf8(out, self); // 1
			classRef(out, 1); // 2
			utf8(out, "java/lang/Object"); // 3
			classRef(out, 3); // 4
			utf8(out, "<init>"); // 5
			utf8(out, "()V"); // 6
			out.writeByte(12); // 7: NameAndType <init>()V
			out.writeShort(5);
			out.writeShort(6);
			out.writeByte(10); // 8: Object.<init>
			out.writeShort(4);
			out.writeShort(7);
			out.writeByte(10); // 9: Environment.<init>
			out.writeShort(2);
			out.writeShort(7);
			utf8(out, "getInstance"); // 10
			utf8(out, "()L" + self + ";"); // 11
			utf8(out, "isUseMKLDNN"); // 12
			utf8(out, "()Z"); // 13
			utf8(out, "Code"); // 14
			out.writeShort(0x0021); // public, super
			out.writeShort(2); // this class
			out.writeShort(4); // super class
			out.writeShort(0); // interfaces
			out.writeShort(0); // fields
			out.writeShort(3); // methods
			// public <init>() { super(); }: aload_0, invokespecial #8, return
			method(out, 0x0001, 5, 6, 1, 1, new byte[] { 0x2a, (byte) 0xb7, 0, 8, (byte) 0xb1 });
			// public static getInstance(): new #2, dup, invokespecial #9, areturn
			method(out, 0x0009, 10, 11, 2, 0, new byte[] { (byte) 0xbb, 0, 2, 0x59, (byte) 0xb7, 0, 9, (byte) 0xb0 });
			// public boolean isUseMKLDNN(): iconst_1, ireturn
			method(out, 0x0001, 12, 13, 1, 1, new byte[] { 0x04, (byte) 0xac });
			out.writeShort(0); // class attributes
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return buffer.toByteArray();
	}

	private static void utf8(DataOutputStream out, String value) throws IOException {
		out.writeByte(1);
		out.writeUTF(value);
	}

	private static void classRef(DataOutputStream out, int nameIndex) throws IOException {
		out.writeByte(7);
		out.writeShort(nameIndex);
	}

	private static void method(DataOutputStream out, int access, int name, int descriptor, int maxStack, int maxLocals,
			byte[] code) throws IOException {
		out.writeShort(access);
		out.writeShort(name);
		out.writeShort(descriptor);
		out.writeShort(1); // attributes: Code
		out.writeShort(14);
		out.writeInt(12 + code.length); // max_stack, max_locals, code_length, code,
										// exception table and attribute counts
		out.writeShort(maxStack);
		out.writeShort(maxLocals);
		out.writeInt(code.length);
		out.write(code);
		out.writeShort(0); // exception table
		out.writeShort(0); // code attributes
	}

}
