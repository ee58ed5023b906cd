-- least privilege, keyed on content. the validator role records validations; the loader no
-- longer writes audit, inserts reports only with a passing validation of exactly their
-- extraction, adds measures only to the report its own transaction inserted, and updates only
-- the currency columns. the table owner (who runs these migrations) is not held by any of this.

do $$
begin
    if not exists (select from pg_roles where rolname = '${validator_role}') then
        begin
            execute format('create role %I login', '${validator_role}');
        exception
            when duplicate_object or unique_violation then null;
        end;
    end if;
    execute format('grant connect on database %I to ${validator_role}', current_database());
end
$$;

-- what was validated and loaded: the sha256 of the extraction's content (canonical json), and
-- whether that content was read from the report's pdf or taken from an untrusted json.
alter table audit.validation_runs add column if not exists extraction_sha256 text;
alter table audit.validation_runs add column if not exists input_kind text not null default 'pdf';
alter table raw.reports add column if not exists extraction_sha256 text;
alter table raw.reports add column if not exists input_kind text not null default 'pdf';
alter table audit.validation_runs drop constraint if exists validation_runs_input_kind_check;
alter table audit.validation_runs add constraint validation_runs_input_kind_check
    check (input_kind in ('pdf', 'json-untrusted'));
alter table raw.reports drop constraint if exists reports_input_kind_check;
alter table raw.reports add constraint reports_input_kind_check
    check (input_kind in ('pdf', 'json-untrusted'));
create index if not exists validation_runs_extraction_idx
    on audit.validation_runs (report_sha256, extraction_sha256, run_at);

-- validator: append validation runs, read them back; nothing else.
grant usage on schema audit to ${validator_role};
grant select, insert on audit.validation_runs to ${validator_role};

-- loader: reads audit (to say why a report is refused) but never writes it.
revoke insert, update, delete, truncate on audit.validation_runs from ${loader_role};
revoke insert, update, delete, truncate on raw.reports from ${loader_role};
grant insert (
    report_sha256, source_uri, period_end, financial_year, quarter, council, report_name,
    data_source, time_fetched, fetched_at, page_count, measure_count, extractor_version,
    extraction_sha256, input_kind
) on raw.reports to ${loader_role};
grant update (is_current, superseded_by) on raw.reports to ${loader_role};

-- a report goes in only with a passing latest validation of exactly its extraction.
create or replace function raw.require_validated_report() returns trigger
language plpgsql set search_path = pg_catalog as $$
begin
    if pg_has_role(current_user, (select relowner from pg_class where oid = tg_relid), 'member') then
        return new;
    end if;
    if new.extraction_sha256 is null or not coalesce((
        select v.success from audit.validation_runs as v
        where v.report_sha256 = new.report_sha256
          and v.extraction_sha256 = new.extraction_sha256
          and v.input_kind = new.input_kind
        order by v.run_at desc
        limit 1
    ), false) then
        raise exception 'report % not loaded: its extraction % has no passing validation',
            new.report_sha256, coalesce(new.extraction_sha256, '(none)')
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end
$$;

create or replace trigger reports_require_validation
    before insert on raw.reports
    for each row execute function raw.require_validated_report();

-- measures go in only with the report the same transaction inserted (loaded_at is that
-- transaction's start, which the loader can neither insert nor update).
create or replace function raw.refuse_measures_of_loaded_reports() returns trigger
language plpgsql set search_path = pg_catalog as $$
declare
    stray text;
begin
    if pg_has_role(current_user, (select relowner from pg_class where oid = tg_relid), 'member') then
        return null;
    end if;
    select n.report_sha256 into stray
    from added as n
    where not exists (
        select from raw.reports as r
        where r.report_sha256 = n.report_sha256 and r.loaded_at = now()
    )
    limit 1;
    if stray is not null then
        raise exception 'measures refused: report % was loaded before; a loaded report is never added to',
            stray
            using errcode = 'insufficient_privilege';
    end if;
    return null;
end
$$;

create or replace trigger measures_only_with_their_report
    after insert on raw.measures
    referencing new table as added
    for each statement execute function raw.refuse_measures_of_loaded_reports();

-- tables the owner creates later are readable by the transformer (earlier defaults were set by
-- whichever user migrated first).
alter default privileges in schema raw grant select on tables to ${transformer_role};
alter default privileges in schema audit grant select on tables to ${transformer_role};
grant select on all tables in schema raw, audit to ${transformer_role};
