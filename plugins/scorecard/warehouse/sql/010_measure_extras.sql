-- the columns a report prints beyond the contract's fields (a layout profile's extra fields:
-- previous quarter status, baseline, data owner, ...), kept as printed: field name -> text.
-- '{}' for a report without extra columns (and for every report loaded before this column).
-- a passing validation keeps them with the measure's other fields (audit.validated_measures),
-- and raw.load_validated copies them (redefined in 011).
alter table raw.measures add column if not exists extras jsonb not null default '{}'::jsonb;
alter table audit.validated_measures
    add column if not exists extras jsonb not null default '{}'::jsonb;

alter table raw.measures drop constraint if exists measures_extras_is_object;
alter table raw.measures add constraint measures_extras_is_object
    check (jsonb_typeof(extras) = 'object');
alter table audit.validated_measures drop constraint if exists validated_measures_extras_is_object;
alter table audit.validated_measures add constraint validated_measures_extras_is_object
    check (jsonb_typeof(extras) = 'object');
