/**
 * The node: its identity and role ({@code kiln.node.*}) when several Kiln processes share
 * one database and one storage folder. Other modules read it; it uses none.
 */
@ApplicationModule(allowedDependencies = {})
package dev.kiln.node;

import org.springframework.modulith.ApplicationModule;
