-- provenance fields mean one thing each. report_sha256 keys a loaded version of a report: the
-- file's sha256 for its first reading; when a newer extractor reads the same file differently,
-- a key of its own, sha256 of '<file sha256>:extractor <version>'. file_sha256 is always the
-- sha256 of the file's bytes, so every version read from one file names that file.
alter table raw.reports add column if not exists file_sha256 text;

-- the file a version came from, found from its key by the one rule that derives keys.
create or replace function raw.file_sha256_of(key text, version text) returns text
language sql stable set search_path = pg_catalog, pg_temp as $$
    select coalesce(
        (
            select o.report_sha256 from raw.reports as o
            where o.report_sha256 <> key
              and encode(sha256(convert_to(o.report_sha256 || ':extractor ' || version, 'UTF8')), 'hex') = key
            limit 1
        ),
        key
    )
$$;

update raw.reports set file_sha256 = raw.file_sha256_of(report_sha256, extractor_version)
where file_sha256 is null;

alter table raw.reports alter column file_sha256 set not null;
create index if not exists reports_file_sha256_idx on raw.reports (file_sha256);

-- filled in by the database on every insert, whoever loads: a load names only the version's key.
create or replace function raw.set_file_sha256() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
    new.file_sha256 := raw.file_sha256_of(new.report_sha256, new.extractor_version);
    return new;
end
$$;

create or replace trigger reports_file_sha256
    before insert on raw.reports
    for each row execute function raw.set_file_sha256();

comment on column raw.reports.report_sha256 is
    'key of this version: the file''s sha256 for its first reading, else sha256 of '
    '''<file sha256>:extractor <version>'' for a newer extractor''s different reading';
comment on column raw.reports.file_sha256 is 'sha256 of the bytes of the file this version was read from';
