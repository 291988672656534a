package dev.kiln.webhooks;

/**
 * Accepts notices of ended jobs for delivery.
 */
public interface JobNotices {

	/**
	 * Records a notice to send. Call it in the transaction that writes the job's final
	 * state, so that the notice is stored if and only if that state is; the notice is
	 * sent later, by a background dispatcher.
	 */
	void enqueue(JobNotice notice);

}
