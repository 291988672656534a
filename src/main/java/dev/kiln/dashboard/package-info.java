/**
 * The dashboard: the web page Kiln serves at {@code /} (static files under
 * {@code static/}, built into the jar) and the list of the course recipes it offers. The
 * page talks to the public API like any client; this module uses no other.
 */
@ApplicationModule(allowedDependencies = {})
package dev.kiln.dashboard;

import org.springframework.modulith.ApplicationModule;
