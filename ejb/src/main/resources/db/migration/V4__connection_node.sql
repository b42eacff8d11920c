-- Which node of a cluster holds a device's connection: where method calls and desired-property changes for it go,
-- and whose connections a node that starts, or sees another leave, marks as closed.
alter table device_connection add column node_name varchar(255);
