-- Name limits count characters (Unicode code points), as PostgreSQL's varchar does. H2 counts UTF-16 code units,
-- so a name of characters outside the Basic Multilingual Plane (many CJK ideographs, historic scripts) takes up
-- to twice its limit there: the columns of names whose limit was the column's length are widened to hold it.
-- Dataset names (at most 100 characters) already fit their varchar(200).
-- Written for both H2 (2.2+) and PostgreSQL: keep to the types and syntax they share.

alter table tenant alter column name set data type varchar(200);
alter table api_key alter column name set data type varchar(200);
alter table job alter column name set data type varchar(400);
