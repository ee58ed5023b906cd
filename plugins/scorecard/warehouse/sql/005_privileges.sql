-- least privilege. admin (the migration user) owns raw and audit; the transformer owns the dbt
-- schemas. nobody but admin and the transformer can create anything.

-- a non-superuser admin must be a member of the transformer role to hand it the dbt schemas and
-- to set its default privileges; a superuser (the embedded server's postgres) already can.
do $$
begin
    if not (select rolsuper from pg_roles where rolname = current_user) then
        execute format('grant %I to %I', '${transformer_role}', current_user);
    end if;
end
$$;

-- the database: connect for the three roles; no create/temp for anybody by default.
do $$
begin
    execute format('revoke create, temporary on database %I from public', current_database());
    execute format('grant connect on database %I to ${loader_role}, ${transformer_role}, ${reader_role}', current_database());
    -- the loader copies each report through a temp table; dbt uses temp tables and may create
    -- schemas of its own (e.g. stored test failures).
    execute format('grant temporary on database %I to ${loader_role}', current_database());
    execute format('grant create, temporary on database %I to ${transformer_role}', current_database());
end
$$;

revoke create on schema public from public;
revoke all on schema raw from public;
revoke all on schema audit from public;

-- loader: write raw and audit (insert; update only the supersession columns' table); never delete.
grant usage on schema raw, audit to ${loader_role};
grant select, insert on raw.measures, raw.report_supersessions to ${loader_role};
grant select, insert, update on raw.reports to ${loader_role};
grant select, insert on audit.validation_runs to ${loader_role};

-- transformer: read raw (and audit, to report on data quality); own the dbt schemas.
grant usage on schema raw, audit to ${transformer_role};
grant select on all tables in schema raw to ${transformer_role};
grant select on all tables in schema audit to ${transformer_role};
alter default privileges in schema raw grant select on tables to ${transformer_role};
alter default privileges in schema audit grant select on tables to ${transformer_role};
alter schema staging owner to ${transformer_role};
alter schema intermediate owner to ${transformer_role};
alter schema marts owner to ${transformer_role};

-- bi reader: usage and select on marts only, including tables the transformer creates later.
revoke all on schema staging, intermediate, marts from public;
grant usage on schema marts to ${reader_role};
grant select on all tables in schema marts to ${reader_role};
alter default privileges for role ${transformer_role} in schema marts
    grant select on tables to ${reader_role};
