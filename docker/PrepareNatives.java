import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run once while the image is built (with the JDK's source launcher, on the application's
 * libraries): loads ND4J's backend and runs one operation, so JavaCPP unpacks every native
 * library Kiln loads into {@code org.bytedeco.javacpp.cachedir}. Containers then start
 * without unpacking about 440 MB, and the cache can be read-only. JavaCPP keys its cache
 * by jar file name and entry, so the cache is found again when the same jars run from the
 * application's class path.
 *
 * <p>
 * Arguments are extra class-path folders to unpack without loading them: the CUDA image
 * names ND4J's CUDA natives, which cannot be loaded where no GPU driver is installed.
 */
public class PrepareNatives {

	public static void main(String[] args) throws Exception {
		for (String folder : args) {
			for (java.io.File unpacked : Loader.cacheResources(folder)) {
				System.out.println("unpacked " + folder + " to " + unpacked);
			}
		}
		double sum = Nd4j.create(new float[] { 1, 2, 3 }).sumNumber().doubleValue();
		if (sum != 6) {
			throw new IllegalStateException("ND4J computed " + sum + " for 1 + 2 + 3");
		}
		System.out.println("ND4J backend " + Nd4j.getBackend().getClass().getSimpleName() + " ready; natives in "
				+ Loader.getCacheDir());
	}

}
