-- The hub's schema, as one script that H2 and PostgreSQL both run (bytea is a VARBINARY on H2). The placeholder
-- long_text is the type of a JSON document: clob on H2 (its varchar holds at most 1 MB), text on PostgreSQL.
-- Enumerations are stored as their names in varchar columns; the application owns their values.
-- Later changes are new scripts (V2__..., V3__...) that Flyway applies once, in order, at the hub's start.

create sequence c2d_feedback_sequence start with 1 increment by 50;

create sequence c2d_message_sequence start with 1 increment by 50;

create sequence device_job_sequence start with 1 increment by 100;

create table c2d_feedback (
    enqueued_time timestamp(6) with time zone not null,
    sequence bigint not null,
    device_generation_id varchar(32),
    status varchar(32) not null,
    device_id varchar(128) not null,
    original_message_id varchar(128) not null,
    primary key (sequence)
);

create table c2d_message (
    delivery_count integer not null,
    enqueued_time timestamp(6) with time zone not null,
    expiry_time timestamp(6) with time zone not null,
    locked_until timestamp(6) with time zone,
    sequence bigint not null,
    ack varchar(16) not null,
    device_generation_id varchar(32),
    state varchar(32) not null,
    lock_token varchar(36),
    content_encoding varchar(64),
    content_type varchar(128),
    correlation_id varchar(128),
    device_id varchar(128) not null,
    message_id varchar(128) not null,
    user_id varchar(128),
    application_properties varchar(65536),
    body bytea not null,
    primary key (sequence),
    constraint c2d_message_lock_token unique (lock_token)
);

create table device (
    iot_edge boolean not null,
    status_updated_time timestamp(6) with time zone,
    version bigint not null,
    status varchar(16) not null,
    auth_type varchar(32) not null,
    generation_id varchar(32) not null,
    primary_thumbprint varchar(64),
    secondary_thumbprint varchar(64),
    device_id varchar(128) not null,
    primary_key varchar(128),
    secondary_key varchar(128),
    status_reason varchar(128),
    primary key (device_id)
);

create table device_connection (
    connected boolean not null,
    last_activity_time timestamp(6) with time zone,
    state_updated_time timestamp(6) with time zone,
    device_id varchar(128) not null,
    primary key (device_id)
);

create table device_job (
    created_time timestamp(6) with time zone not null,
    end_time timestamp(6) with time zone,
    id bigint not null,
    last_updated_time timestamp(6) with time zone not null,
    start_time timestamp(6) with time zone,
    status varchar(16) not null,
    error_code varchar(64),
    job_id varchar(64) not null,
    device_id varchar(128) not null,
    error_description varchar(1024),
    outcome_json ${long_text},
    primary key (id),
    constraint device_job_unique unique (job_id, device_id)
);

create table import_export_job (
    exclude_keys boolean not null,
    progress integer not null,
    created_time timestamp(6) with time zone not null,
    end_time timestamp(6) with time zone,
    start_time timestamp(6) with time zone,
    status varchar(16) not null,
    type varchar(16) not null,
    storage_auth_type varchar(32),
    job_id varchar(64) not null,
    input_blob_name varchar(256),
    output_blob_name varchar(256),
    identity varchar(512),
    failure_reason varchar(1024),
    input_container_uri varchar(2048),
    output_container_uri varchar(2048),
    primary key (job_id)
);

create table module_identity (
    version bigint not null,
    auth_type varchar(32) not null,
    generation_id varchar(32) not null,
    primary_thumbprint varchar(64),
    secondary_thumbprint varchar(64),
    device_id varchar(128) not null,
    managed_by varchar(128),
    module_id varchar(128) not null,
    primary_key varchar(128),
    secondary_key varchar(128),
    module_key varchar(260) not null,
    primary key (module_key)
);

create table module_twin (
    version bigint not null,
    device_id varchar(128) not null,
    module_id varchar(128) not null,
    module_key varchar(260) not null,
    desired ${long_text} not null,
    reported ${long_text} not null,
    tags ${long_text} not null,
    primary key (module_key)
);

create table scheduled_job (
    devices_resolved boolean not null,
    created_time timestamp(6) with time zone not null,
    end_time timestamp(6) with time zone,
    lease_until timestamp(6) with time zone,
    max_execution_seconds bigint not null,
    run_started_time timestamp(6) with time zone,
    start_time timestamp(6) with time zone not null,
    status varchar(16) not null,
    type varchar(32) not null,
    lease_owner varchar(36),
    job_id varchar(64) not null,
    failure_reason varchar(1024),
    query_condition varchar(8192) not null,
    action_json ${long_text} not null,
    primary key (job_id)
);

create table shared_access_policy (
    name varchar(64) not null,
    primary_key varchar(128) not null,
    rights varchar(128) not null,
    secondary_key varchar(128) not null,
    primary key (name)
);

create table twin (
    version bigint not null,
    device_id varchar(128) not null,
    desired ${long_text} not null,
    reported ${long_text} not null,
    tags ${long_text} not null,
    primary key (device_id)
);

create table twin_property (
    bool_value boolean,
    num_value double precision,
    device_id varchar(260) not null,
    path varchar(1024) not null,
    str_value varchar(4096),
    primary key (device_id, path)
);

create index c2d_message_next on c2d_message (device_id, state, sequence);

create index c2d_message_expiry on c2d_message (state, expiry_time);

create index c2d_message_lock_until on c2d_message (state, locked_until);

create index device_job_progress on device_job (job_id, status, device_id);

create index module_identity_device on module_identity (device_id);

create index module_twin_device on module_twin (device_id);

create index scheduled_job_status on scheduled_job (status, start_time);

create index scheduled_job_created on scheduled_job (created_time);

create index twin_property_value on twin_property (path, str_value, num_value, bool_value);

create index twin_property_num on twin_property (path, num_value);
