package dev.kiln.web.internal;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Answers {@code Expect: 100-continue} only when the application starts reading the body,
 * not as soon as the headers arrive (Tomcat's default). A body refused on its declared
 * length (over {@code kiln.web.max-json-body}) is then answered with its 413 problem
 * before the client has sent it, instead of being uploaded for nothing. curl asks to
 * continue before bodies over 1 MB.
 */
@Component
class ContinueOnRead implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> connector.setProperty("continueResponseTiming", "onRead"));
	}

}
