-- What the dispatcher needs to know of a queued job without reading its spec, set at submission:
-- when maxQueueWait runs out (so the overdue jobs are found with one indexed query instead of a pass over
-- every queued job), and DL4J's training-memory estimate (so a node starts a job only while the jobs it
-- trains and this one fit its memory limit). Jobs queued before this migration have neither: start-up fills
-- in the deadline of those whose spec has a maxQueueWait, and a missing estimate counts as nothing.
-- Written for both H2 (2.2+) and PostgreSQL: keep to the types and syntax they share.

alter table job add column queue_deadline timestamp(6) with time zone;
alter table job add column memory_estimate bigint;

create index job_status_queue_deadline on job (status, queue_deadline);
