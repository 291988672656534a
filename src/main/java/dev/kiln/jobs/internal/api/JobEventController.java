package dev.kiln.jobs.internal.api;

import java.util.UUID;

import dev.kiln.jobs.internal.events.JobEventStreams;
import dev.kiln.web.Caller;
import dev.kiln.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A job's live events as Server-Sent Events.
 */
@Tag(name = "Jobs")
@RestController
@RequestMapping("/api/v1/jobs")
class JobEventController {

	static final String LAST_EVENT_ID = "Last-Event-ID";

	private final JobService jobs;

	private final JobEventStreams streams;

	JobEventController(JobService jobs, JobEventStreams streams) {
		this.jobs = jobs;
		this.streams = streams;
	}

	@Operation(operationId = "getJobEvents", summary = "Follow a job live (Server-Sent Events)",
			description = """
					A text/event-stream of the job's events, each `data:` one JSON object:
					- `state` (with an `id:`): `{"status", "from", "reason", "at"}` on every transition;
					- `epoch` (with an `id:`): one item of the job's metrics, once per finished epoch;
					- `progress` (no id, not replayed): `{"epoch", "epochs", "iteration", "iterationsPerEpoch", \
					"iterations", "samplesPerSecond", "elapsedSeconds", "etaSeconds"}` at most about once a second while it trains.

					The stream first replays the stored events (after `Last-Event-ID` when given), then sends new ones as \
					they happen; comment lines keep it alive. It closes after the event that ends the job, so the stream of \
					a finished job replays its history and closes. Ids increase in the order events happened; a client that \
					reconnects with the last id it saw gets exactly what it missed. Another tenant's job is a 404.""")
	@ApiResponse(responseCode = "200", description = "The event stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(type = "string",
							example = "id: 7\nevent: state\ndata: {\"status\":\"RUNNING\",\"from\":\"QUEUED\","
									+ "\"reason\":\"claimed by node-1/4f2c\",\"at\":\"2026-01-01T12:00:00Z\"}\n\n"
									+ "event: progress\ndata: {\"epoch\":1,\"epochs\":10,\"iteration\":12,"
									+ "\"iterationsPerEpoch\":40,\"iterations\":12,\"samplesPerSecond\":950.0,"
									+ "\"elapsedSeconds\":1.2,\"etaSeconds\":38.8}\n\n")))
	@ApiResponse(responseCode = "400", description = "A Last-Event-ID that is not an event id",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "No such job",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "This node serves as many streams as it may, or is stopping",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(Caller caller, @PathVariable UUID id,
			@Parameter(in = ParameterIn.HEADER,
					description = "The id of the last event received: only later " + "events are sent") @RequestHeader(
							name = LAST_EVENT_ID, required = false) String lastEventId) {
		long after = parseLastEventId(lastEventId);
		boolean ended = this.jobs.status(caller.tenantId(), id).isTerminal();
		return this.streams.open(id, after, ended);
	}

	static long parseLastEventId(String value) {
		if (value == null || value.isBlank()) {
			return 0;
		}
		try {
			long id = Long.parseLong(value.strip());
			if (id >= 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw new InvalidRequestException(LAST_EVENT_ID, "must be the id of an event of this stream (a whole "
				+ "number from 0), was \"" + abbreviate(value) + "\"");
	}

	private static String abbreviate(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "…";
	}

}
