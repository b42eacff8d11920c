package org.openiothub.web.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.auth.AccessRight;
import org.openiothub.certificate.CaCertificate;
import org.openiothub.certificate.CaCertificates;

/**
 * {@code /certificates}: the X.509 CA certificates devices of type {@code certificateAuthority} chain to, managed as
 * IoT Hub's Certificates API does (upload, verification code, proof of possession, list, delete).
 */
@ApplicationScoped
@Path("certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {

    @EJB
    CaCertificates certificates;

    @GET
    @RequiresRight({AccessRight.RegistryRead})
    public String list() {
        JsonArrayBuilder value = Json.createArrayBuilder();
        certificates.all().forEach(certificate -> value.add(CertificateJson.format(certificate)));
        return Json.createObjectBuilder().add("value", value).build().toString();
    }

    @GET
    @Path("{name}")
    @RequiresRight({AccessRight.RegistryRead})
    public Response get(@PathParam("name") String name) {
        return withEtag(certificates.get(name));
    }

    /** Without If-Match a new certificate; with it a replacement, which needs verifying again. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public Response put(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch, String body) {
        return withEtag(certificates.put(name, CertificateJson.certificateOf(body), ifMatch));
    }

    @POST
    @Path("{name}/generateVerificationCode")
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public Response generateVerificationCode(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch) {
        return withEtag(certificates.generateVerificationCode(name, ifMatch));
    }

    /** The body holds the proof: a certificate signed by the CA whose subject's common name is the verification code. */
    @POST
    @Path("{name}/verify")
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public Response verify(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch, String body) {
        return withEtag(certificates.verify(name, ifMatch, CertificateJson.certificateOf(body)));
    }

    @DELETE
    @Path("{name}")
    @RequiresRight({AccessRight.RegistryWrite})
    public Response delete(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch) {
        certificates.delete(name, ifMatch);
        return Response.ok().build();
    }

    private static Response withEtag(CaCertificate certificate) {
        return Response.ok(CertificateJson.format(certificate).toString(), MediaType.APPLICATION_JSON_TYPE)
                .header("ETag", "\"" + certificate.etag() + "\"")
                .build();
    }
}
