package dev.kiln.engine;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The C library's environment of this process, which native libraries read as they load:
 * OpenMP (libgomp, under ND4J and oneDNN) reads {@code GOMP_SPINCOUNT} and
 * {@code OMP_WAIT_POLICY} once, when ND4J's natives load, and offers no call to change it
 * later. Java can read the environment but not write it, and JavaCPP binds no
 * {@code setenv}; so a variable is added the way {@code setenv} does it: a new
 * {@code environ} array holding the old entries and the new one.
 * <p>
 * The old array and its strings stay valid (nothing is freed), and the new array is
 * published with one pointer-sized store, so a thread reading the environment meanwhile
 * sees either the old array or the new one. Call it before ND4J loads; afterwards it
 * changes nothing that is already loaded.
 */
final class NativeEnvironment {

	/** Entries handed to the C library, kept from JavaCPP's deallocator for good. */
	private static final List<Pointer> HANDED_OVER = new ArrayList<>();

	private NativeEnvironment() {
	}

	/**
	 * Sets {@code name} to {@code value} unless the process was started with it (the
	 * operator's choice stands). Answers whether it set it.
	 */
	static synchronized boolean setIfAbsent(String name, String value) {
		if (System.getenv(name) != null || get(name) != null) {
			return false;
		}
		Pointer variable = Loader.addressof("environ");
		if (variable == null) {
			// not glibc's (or a compatible) C library: leave the environment alone
			return false;
		}
		PointerPointer<?> holder = new PointerPointer<>(variable);
		PointerPointer<BytePointer> entries = new PointerPointer<>(holder.get(0));
		int count = 0;
		while (entries.get(count) != null) {
			count++;
		}
		PointerPointer<BytePointer> updated = new PointerPointer<>(count + 2);
		for (int i = 0; i < count; i++) {
			updated.put(i, entries.get(i));
		}
		BytePointer entry = new BytePointer(name + "=" + value);
		updated.put(count, entry);
		updated.put(count + 1, (Pointer) null);
		HANDED_OVER.add(entry.retainReference());
		HANDED_OVER.add(updated.retainReference());
		holder.put(0, updated);
		return true;
	}

	/** The variable's value in the C library's environment, or null. */
	static synchronized String get(String name) {
		Pointer variable = Loader.addressof("environ");
		if (variable == null) {
			return System.getenv(name);
		}
		PointerPointer<BytePointer> entries = new PointerPointer<>(new PointerPointer<>(variable).get(0));
		String prefix = name + "=";
		for (int i = 0; entries.get(i) != null; i++) {
			String entry = entries.getString(i);
			if (entry.startsWith(prefix)) {
				return entry.substring(prefix.length());
			}
		}
		return null;
	}

}
