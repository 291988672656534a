-- Tenants own datasets and jobs (and through jobs, metrics and checkpoints); API keys belong to tenants.
-- Written for both H2 (2.2+) and PostgreSQL: keep to the types and syntax they share.

create table tenant (
    id          uuid           primary key,
    name        varchar(100)   not null,
    created_at  timestamp(6) with time zone not null,
    constraint tenant_name unique (name)
);

-- The tenant that owns what existed before tenants did, and the admin key made at first start.
insert into tenant (id, name, created_at) values ('00000000-0000-0000-0000-000000000001', 'default', current_timestamp);

-- Only the key's SHA-256 is stored; prefix is its first characters, to tell keys apart in lists.
create table api_key (
    id             uuid           primary key,
    tenant_id      uuid           not null,
    name           varchar(100)   not null,
    prefix         varchar(20)    not null,
    secret_sha256  char(64)       not null,
    admin          boolean        not null,
    created_at     timestamp(6) with time zone not null,
    revoked_at     timestamp(6) with time zone,
    constraint api_key_secret unique (secret_sha256),
    constraint api_key_tenant foreign key (tenant_id) references tenant (id)
);

create index api_key_tenant_created on api_key (tenant_id, created_at);

-- null for the built-in datasets, which every tenant sees
alter table dataset add column tenant_id uuid;
alter table dataset add constraint dataset_tenant foreign key (tenant_id) references tenant (id);
update dataset set tenant_id = '00000000-0000-0000-0000-000000000001' where source <> 'builtin';

-- dataset names are unique within a tenant (and may not repeat a built-in's: checked when uploading)
alter table dataset drop constraint dataset_active_name;
alter table dataset add constraint dataset_tenant_active_name unique (tenant_id, active_name);

alter table job add column tenant_id uuid;
update job set tenant_id = '00000000-0000-0000-0000-000000000001';
alter table job alter column tenant_id set not null;
alter table job add constraint job_tenant foreign key (tenant_id) references tenant (id);

create index job_tenant_created on job (tenant_id, created_at);
create index job_tenant_status_created on job (tenant_id, status, created_at);
