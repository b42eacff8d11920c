-- Databases that the hub created before it had migrations (H2, by Hibernate's schema update) keep enumerations in
-- native ENUM columns, whose rows H2's crash recovery can leave as bare ordinals. Their names, in varchar columns,
-- survive it. On a schema that V1 created these columns are varchar already and nothing changes.
alter table c2d_feedback alter column status set data type varchar(32);
alter table c2d_message alter column ack set data type varchar(16);
alter table c2d_message alter column state set data type varchar(32);
alter table device alter column status set data type varchar(16);
alter table device alter column auth_type set data type varchar(32);
alter table device_job alter column status set data type varchar(16);
alter table import_export_job alter column status set data type varchar(16);
alter table import_export_job alter column type set data type varchar(16);
alter table module_identity alter column auth_type set data type varchar(32);
alter table scheduled_job alter column status set data type varchar(16);
alter table scheduled_job alter column type set data type varchar(32);
