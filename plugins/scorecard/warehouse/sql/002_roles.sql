-- the three roles of the pipeline (names from settings, substituted for ${...} before running).
-- roles are cluster-wide: create them only if missing, tolerating a concurrent creator.
-- login without a password: the embedded server trusts loopback; a production server sets
-- passwords (or certificates) out of band, e.g. `alter role ... password ...` by its dba.
do $$
declare
    role_name text;
begin
    foreach role_name in array array['${loader_role}', '${transformer_role}', '${reader_role}'] loop
        if not exists (select from pg_roles where rolname = role_name) then
            begin
                execute format('create role %I login', role_name);
            exception
                when duplicate_object or unique_violation then null;
            end;
        end if;
    end loop;
end
$$;
