-- the columns a report prints beyond the contract's fields (a layout profile's extra fields:
-- previous quarter status, baseline, data owner, ...), kept as printed: field name -> text.
-- '{}' for a report without extra columns (and for every report loaded before this column).
alter table raw.measures add column if not exists extras jsonb not null default '{}'::jsonb;

alter table raw.measures drop constraint if exists measures_extras_is_object;
alter table raw.measures add constraint measures_extras_is_object
    check (jsonb_typeof(extras) = 'object');
