package dev.kiln.node;

/**
 * What a node does when several share one database and one storage folder
 * ({@code kiln.node.role}).
 */
public enum NodeRole {

	/** Serves the API and queues jobs; trains none. */
	API,

	/** Trains queued jobs; refuses the API ({@code /api/**}) with a 503 problem. */
	WORKER,

	/** Serves the API and trains: the single-node default. */
	ALL;

	public boolean servesApi() {
		return this != WORKER;
	}

	public boolean trains() {
		return this != API;
	}

}
