-- Attempts that count: only an attempt that failed, or was interrupted before it reached a new checkpoint, uses up
-- one of a job's kiln.jobs.max-attempts; a shutdown's requeue and an interruption after progress do not. Each
-- ended attempt records whether it counted and why; null while it runs.
-- Written for both H2 (2.2+) and PostgreSQL: keep to the types and syntax they share.

alter table job_attempt add column counted boolean;
alter table job_attempt add column count_reason varchar(300);

-- Attempts that ended before this migration get the same rule, from what they left behind: a requeue on
-- shutdown is recognised by its reason; an interrupted attempt made progress if a checkpoint of an epoch whose
-- metrics row it wrote still exists (the two rows were committed together). The others count, as they did.
update job_attempt set counted = false, count_reason = 'the node shut down: does not count'
    where outcome = 'interrupted' and reason like 'Kiln shut down after epoch%';

update job_attempt set counted = false,
    count_reason = 'interrupted after reaching checkpoint of epoch ' || cast((select max(c.epoch) from checkpoint c
        join epoch_metric m on m.job_id = c.job_id and m.epoch = c.epoch
        where c.job_id = job_attempt.job_id and m.attempt = job_attempt.attempt) as varchar(20)) || ': does not count'
    where outcome = 'interrupted' and counted is null and exists (select 1 from checkpoint c
        join epoch_metric m on m.job_id = c.job_id and m.epoch = c.epoch
        where c.job_id = job_attempt.job_id and m.attempt = job_attempt.attempt);

update job_attempt set counted = true, count_reason = 'failed: counts'
    where counted is null and (outcome = 'failed' or (outcome = 'interrupted' and reason like 'attempt % failed:%'));

update job_attempt set counted = true, count_reason = 'interrupted before any new checkpoint: counts'
    where counted is null and outcome = 'interrupted';

update job_attempt set counted = false where outcome in ('succeeded', 'cancelled');
