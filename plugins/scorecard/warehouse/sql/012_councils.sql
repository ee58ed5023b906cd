-- several councils in one warehouse. a council is keyed by its name as its reports print it
-- ('Derby City Council' -> 'derby-city-council'): the database derives the key from the report
-- itself, so no load can file a report under another council. scorecard.councils.council_id is
-- the same rule in Python (a test holds the two together).
create or replace function raw.council_id_of(council_name text) returns text
language sql immutable strict parallel safe set search_path = pg_catalog, pg_temp as $$
    select trim(both '-' from regexp_replace(lower(council_name), '[^a-z0-9]+', '-', 'g'))
$$;

alter table raw.reports add column if not exists council_id text
generated always as (raw.council_id_of(council)) stored;

comment on column raw.reports.council_id is
    'the council''s key, derived from its name as the report prints it (lower case, words joined by -)';

-- one current version per council and quarter (was: per quarter)
create unique index if not exists reports_one_current_per_council_period_idx
    on raw.reports (council_id, period_end) where is_current;
drop index if exists raw.reports_one_current_per_period_idx;
create index if not exists reports_council_period_idx on raw.reports (council_id, period_end);

-- which versions of a council's quarter are current: as before (the latest by time fetched,
-- then by load; earlier versions point at their successor, each supersession recorded once),
-- among the reports of for_report's council only.
create or replace function raw.refresh_currency(for_period date, for_report text)
returns table (now_current boolean, superseded text [])
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
    for_council text;
begin
    select r.council_id into for_council from raw.reports as r where r.report_sha256 = for_report;

    -- first the reports that stop being current, so the one-current index never sees two
    with ordered as (
        select
            r.report_sha256,
            row_number() over versions = count(*) over () as latest
        from raw.reports as r
        where r.period_end = for_period and r.council_id = for_council
        window versions as (
            order by r.time_fetched asc nulls first, r.loaded_at asc, r.report_sha256 asc
        )
    )
    update raw.reports as r set is_current = false
    from ordered as o
    where r.report_sha256 = o.report_sha256 and r.is_current and not o.latest;

    with ordered as (
        select
            r.report_sha256,
            lead(r.report_sha256) over versions as next_sha256,
            row_number() over versions = count(*) over () as latest
        from raw.reports as r
        where r.period_end = for_period and r.council_id = for_council
        window versions as (
            order by r.time_fetched asc nulls first, r.loaded_at asc, r.report_sha256 asc
        )
    ),
    changed as (
        update raw.reports as r
        set is_current = o.latest, superseded_by = o.next_sha256
        from ordered as o
        where r.report_sha256 = o.report_sha256
            and (r.is_current, r.superseded_by) is distinct from (o.latest, o.next_sha256)
        returning r.report_sha256, r.superseded_by
    )
    insert into raw.report_supersessions (period_end, superseded_sha256, superseding_sha256)
    select for_period, c.report_sha256, c.superseded_by
    from changed as c
    where c.superseded_by is not null
    on conflict do nothing;

    return query
    select
        r.is_current,
        array(
            select s.superseded_sha256
            from raw.report_supersessions as s
            where s.superseding_sha256 = for_report
            order by s.superseded_sha256
        )
    from raw.reports as r
    where r.report_sha256 = for_report;
end
$$;

revoke all on function raw.refresh_currency(date, text) from public;
revoke all on function raw.council_id_of(text) from public;
