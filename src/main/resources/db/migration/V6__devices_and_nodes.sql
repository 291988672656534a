-- Devices and the node registry. A job names the device it may train on, so that a node claims only the jobs it
-- can serve; every node process records itself, its devices and its free workers, refreshed by its heartbeat.
-- Written for both H2 (2.2+) and PostgreSQL: keep to the types and syntax they share.

-- gpu, cpu or any (the spec's "device"); jobs queued before this migration could run anywhere
alter table job add column device varchar(10) default 'any' not null;

create table node (
    -- "<node id>/<instance>": the lease owner name of the process, new at every start
    instance        varchar(200)  primary key,
    node_id         varchar(200)  not null,
    role            varchar(20)   not null,
    -- true when the devices are GPUs (the CUDA build); a node's devices are all of one kind
    gpu             boolean       not null,
    -- JSON list of {kind, index, name}
    devices         varchar(4000) not null,
    workers         integer       not null,
    free_workers    integer       not null,
    started_at      timestamp(6) with time zone not null,
    last_heartbeat  timestamp(6) with time zone not null
);

create index node_node_id on node (node_id);
