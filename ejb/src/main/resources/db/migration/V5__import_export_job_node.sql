-- The node of a cluster that runs an import or export job: when it leaves the cluster, another node takes the job
-- over; when it starts again, it ends the job it was running as failed.
alter table import_export_job add column node_name varchar(255);
