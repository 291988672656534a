package dev.kiln.docker;

import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import dev.kiln.jobs.JobsProperties;

/**
 * What the Docker files must agree with, read from the build and the code itself rather
 * than repeated: the jar the Maven build makes, the paths Kiln serves without an API key,
 * and the default shutdown grace.
 */
final class KilnBuild {

	private KilnBuild() {
	}

	/**
	 * The file name of the executable jar {@code package} writes to target/: the POM's
	 * finalName (default artifactId-version), plus the Boot plugin's classifier if it has
	 * one.
	 */
	static String executableJarName() throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
		Element project = pom.getDocumentElement();
		Element build = child(project, "build");
		String finalName = (build != null) ? text(build, "finalName") : null;
		String name = (finalName != null) ? finalName : text(project, "artifactId") + "-" + text(project, "version");
		String classifier = bootPluginClassifier(build);
		return name + ((classifier != null) ? "-" + classifier : "") + ".jar";
	}

	private static String bootPluginClassifier(Element build) {
		Element plugins = (build != null) ? child(build, "plugins") : null;
		if (plugins == null) {
			return null;
		}
		NodeList list = plugins.getElementsByTagName("plugin");
		for (int i = 0; i < list.getLength(); i++) {
			Element plugin = (Element) list.item(i);
			if ("spring-boot-maven-plugin".equals(text(plugin, "artifactId"))) {
				Element configuration = child(plugin, "configuration");
				return (configuration != null) ? text(configuration, "classifier") : null;
			}
		}
		return null;
	}

	private static Element child(Element parent, String name) {
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				return element;
			}
		}
		return null;
	}

	private static String text(Element parent, String name) {
		Element element = child(parent, name);
		return (element != null) ? element.getTextContent().strip() : null;
	}

	/** The path patterns the security configuration lets through without an API key. */
	static List<String> publicPaths() throws ReflectiveOperationException {
		Field field = Class.forName("dev.kiln.web.internal.SecurityConfiguration").getDeclaredField("PUBLIC_PATHS");
		field.setAccessible(true);
		return Arrays.asList((String[]) field.get(null));
	}

	/** Whether a request path needs no API key. */
	static boolean isPublic(String path) throws ReflectiveOperationException {
		return publicPaths().stream()
			.anyMatch((pattern) -> PathPatternParser.defaultInstance.parse(pattern)
				.matches(PathContainer.parsePath(path)));
	}

	/** kiln.jobs.shutdown-grace when nothing sets it. */
	static Duration defaultShutdownGrace() throws NoSuchMethodException {
		RecordComponent[] components = JobsProperties.class.getRecordComponents();
		Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
		Parameter[] parameters = JobsProperties.class.getDeclaredConstructor(types).getParameters();
		for (int i = 0; i < components.length; i++) {
			if (components[i].getName().equals("shutdownGrace")) {
				return DurationStyle.detectAndParse(parameters[i].getAnnotation(DefaultValue.class).value()[0]);
			}
		}
		throw new AssertionError("JobsProperties has no shutdownGrace");
	}

}
