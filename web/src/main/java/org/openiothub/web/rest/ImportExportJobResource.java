package org.openiothub.web.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.openiothub.auth.AccessRight;
import org.openiothub.registry.io.ImportExportJobs;

/**
 * {@code /jobs}: the registry's import and export jobs ({@code POST /jobs/create}, {@code GET /jobs/{id}},
 * {@code GET /jobs}, {@code DELETE /jobs/{id}} to cancel). Scheduled device jobs live under {@code /jobs/v2}.
 */
@ApplicationScoped
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class ImportExportJobResource {

    @EJB
    ImportExportJobs jobs;

    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public String create(String body) {
        return ImportExportJobJson.format(jobs.create(ImportExportJobJson.parse(body))).toString();
    }

    @GET
    @RequiresRight({AccessRight.RegistryRead})
    public String list() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        jobs.list().forEach(job -> list.add(ImportExportJobJson.format(job)));
        return list.build().toString();
    }

    @GET
    @Path("{jobId}")
    @RequiresRight({AccessRight.RegistryRead})
    public String get(@PathParam("jobId") String jobId) {
        return ImportExportJobJson.format(jobs.get(jobId)).toString();
    }

    @DELETE
    @Path("{jobId}")
    @RequiresRight({AccessRight.RegistryWrite})
    public String cancel(@PathParam("jobId") String jobId) {
        return ImportExportJobJson.format(jobs.cancel(jobId)).toString();
    }
}
