-- Datasets with a fixed test set and a default normalization.
-- Written for both H2 (2.2+) and PostgreSQL: keep to the types and syntax they share.

-- the last test_row_count rows of a dataset's file are its fixed test set (0: none)
alter table dataset add column test_row_count integer default 0 not null;

-- none, minmax or standardize: the scaling a job uses when it names none; null when not declared
alter table dataset add column normalization varchar(20);

-- how the dataset was uploaded: csv, idx or images-zip
alter table dataset add column format varchar(20) default 'csv' not null;
