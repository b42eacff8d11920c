-- The X.509 CA certificates registered with the hub (IoT Hub's Certificates API): a device of type
-- certificateAuthority authenticates with a certificate chaining to one of them once it is verified by proof of
-- possession. At most 25, so they are read whole.

create table ca_certificate (
    name varchar(256) not null,
    certificate varchar(16384) not null,
    subject varchar(1024) not null,
    thumbprint varchar(40) not null,
    expiry timestamp(6) with time zone not null,
    verified boolean not null,
    verification_code varchar(64),
    etag varchar(64) not null,
    created timestamp(6) with time zone not null,
    updated timestamp(6) with time zone not null,
    primary key (name)
);
