-- Datasets with a fixed test set and a default normalization.
-- Written for both H2 (2.2+) and PostgreSQL: keep to the types and syntax they share.

-- the last test_row_count rows of a dataset's file are its fixed test set (0: none)
alter table dataset add column test_row_count integer default 0 not null;

-- none, minmax or standardize: the scaling a job uses when it names none; null when not declared
alter table dataset add column normalization varchar(20);

-- how the dataset was uploaded: csv, idx or images-zip
alter table dataset add column format varchar(20) default 'csv' not null;

-- Deleting a dataset keeps its row (jobs reference it, and finished jobs still need its class names and
-- shape) but frees its name. Names therefore move from V1's unique column to active_name: the name while
-- the dataset is active, null once it is deleted (nulls never collide, on H2 or PostgreSQL).
-- V1 declared name's unique constraint inline, so H2 and PostgreSQL gave it different names; dropping the
-- column drops the constraint on both, so the column is rebuilt.
alter table dataset add column name_v2 varchar(200);
update dataset set name_v2 = name;
alter table dataset drop column name;
alter table dataset rename column name_v2 to name;
alter table dataset alter column name set not null;

alter table dataset add column active_name varchar(200);
update dataset set active_name = name;
alter table dataset add constraint dataset_active_name unique (active_name);

-- when the dataset was deleted (its file is gone); null while it is active
alter table dataset add column deleted_at timestamp(6) with time zone;

-- uploads are refused when an active dataset has the same content
create index dataset_sha256 on dataset (sha256);

-- JSON array of the CSV columns encoded one-hot (each as features named column=value); null for none
alter table dataset add column one_hot_columns text;
