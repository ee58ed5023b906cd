-- how a report was found, beside its source_uri: discovered on a council's committee site
-- (the index page, the page that linked it and the link's text), added by hand, or fetched
-- from a listed location; and the layout profile it was read with. null for reports loaded
-- before this column.
alter table raw.reports add column if not exists source_details jsonb;

alter table raw.reports drop constraint if exists reports_source_details_is_object;
alter table raw.reports add constraint reports_source_details_is_object
    check (source_details is null or jsonb_typeof(source_details) = 'object');

-- the loader inserts it with the report (its other columns are granted one by one).
grant insert (source_details) on raw.reports to ${loader_role};
