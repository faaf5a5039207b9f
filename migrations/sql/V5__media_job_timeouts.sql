-- How many attempts of a job ended in a process timeout. A timed-out run is retried at most once:
-- each one can hold a worker for REND_MEDIA_PROCESS_TIMEOUT_SECS and tens of GB of scratch, and a
-- source that took that long twice will take it again. Counted on the job, not read from
-- last_error_code, so a storage error between two timeouts does not buy a third.
ALTER TABLE rend.media_jobs ADD COLUMN timeouts integer NOT NULL DEFAULT 0 CHECK (timeouts >= 0);

-- How many times a worker put the job back for want of scratch space. Those runs do not count as
-- attempts (the disk, not the job, was short), so this count alone spaces them out: the backoff grows
-- with it, up to REND_WORKER_RETRY_MAX_SECS, instead of a job too big for any disk coming back every
-- few seconds for ever.
ALTER TABLE rend.media_jobs ADD COLUMN deferrals integer NOT NULL DEFAULT 0 CHECK (deferrals >= 0);
