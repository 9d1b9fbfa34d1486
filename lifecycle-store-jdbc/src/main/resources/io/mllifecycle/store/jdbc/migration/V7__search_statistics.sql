-- Statistics for run searches. A search for params.depth = '6' tests key = ?, md5(value) = md5(?) (the
-- index) and value = ? (exactness), and the planner multiplied their selectivities as if independent: at
-- 10^6 runs it guessed a bucket of 125 000 runs at 626 and looped over all of them instead of walking the
-- ordered index of the sort metric and stopping after a page (1.2 s against about 40 ms). Most-common-value
-- lists over the columns together give the frequency of a common key/value pair; the md5 expression takes
-- part where the server allows expressions in statistics (PostgreSQL 14 and later).
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'CREATE STATISTICS run_params_pairs (mcv) ON key, value, md5(value) FROM run_params';
        EXECUTE 'CREATE STATISTICS run_tags_pairs (mcv) ON key, value, md5(value) FROM run_tags';
    ELSE
        EXECUTE 'CREATE STATISTICS run_params_pairs (mcv) ON key, value FROM run_params';
        EXECUTE 'CREATE STATISTICS run_tags_pairs (mcv) ON key, value FROM run_tags';
    END IF;
END
$$;
