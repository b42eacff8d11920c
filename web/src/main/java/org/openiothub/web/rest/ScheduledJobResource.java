package org.openiothub.web.rest;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import org.openiothub.auth.AccessRight;
import org.openiothub.errors.HubException;
import org.openiothub.job.JobStatus;
import org.openiothub.job.JobType;
import org.openiothub.job.ScheduledJobs;

/**
 * {@code /jobs/v2}: scheduled jobs (direct methods and twin updates over many devices) as IoT Hub's service API
 * exposes them. Creating and cancelling need RegistryWrite, reading RegistryRead, as on IoT Hub (whose jobs
 * guide uses the {@code registryReadWrite} policy).
 */
@ApplicationScoped
@Path("jobs/v2")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduledJobResource {

    static final String CONTINUATION = "x-ms-continuation";
    static final String MAX_ITEM_COUNT = "x-ms-max-item-count";
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    @EJB
    ScheduledJobs jobs;

    @PUT
    @Path("{jobId}")
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public String create(@PathParam("jobId") String jobId, String body) {
        return jobs.create(jobId, JsonBodies.object(body)).toString();
    }

    /** {@code GET /jobs/v2/query?jobType=&jobStatus=}, paged by {@code x-ms-max-item-count} and {@code x-ms-continuation}. */
    @GET
    @Path("query")
    @RequiresRight({AccessRight.RegistryRead})
    public Response query(@QueryParam("jobType") String jobType, @QueryParam("jobStatus") String jobStatus,
            @HeaderParam(MAX_ITEM_COUNT) @DefaultValue("100") String maxItemCount,
            @HeaderParam(CONTINUATION) String continuation) {
        JobType type = blank(jobType) ? null : JobType.ofWireName(jobType).orElseThrow(
                () -> HubException.invalid("jobType '" + jobType + "' is not scheduleDeviceMethod or scheduleUpdateTwin."));
        JobStatus status = blank(jobStatus) ? null : JobStatus.ofWireName(jobStatus).orElseThrow(
                () -> HubException.invalid("jobStatus '" + jobStatus + "' is not a job status."));
        ScheduledJobs.JobPage page = jobs.list(type, status, offset(continuation), pageSize(maxItemCount));
        JsonArrayBuilder array = Json.createArrayBuilder();
        page.jobs().forEach(array::add);
        Response.ResponseBuilder response = Response.ok(array.build().toString(), MediaType.APPLICATION_JSON_TYPE);
        if (page.next() != null) {
            response.header(CONTINUATION, page.next().toString());
        }
        return response.build();
    }

    @GET
    @Path("{jobId}")
    @RequiresRight({AccessRight.RegistryRead})
    public String get(@PathParam("jobId") String jobId) {
        return jobs.get(jobId).toString();
    }

    @POST
    @Path("{jobId}/cancel")
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryWrite})
    public String cancel(@PathParam("jobId") String jobId) {
        return jobs.cancel(jobId).toString();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static int pageSize(String header) {
        try {
            int size = Integer.parseInt(header.trim());
            if (size < 1) {
                throw HubException.invalid(MAX_ITEM_COUNT + " must be at least 1, not " + size + ".");
            }
            return Math.min(size, MAX_PAGE);
        } catch (NumberFormatException e) {
            return DEFAULT_PAGE;
        }
    }

    private static int offset(String continuation) {
        if (blank(continuation)) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(continuation.trim());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw HubException.invalid("The continuation token '" + continuation + "' was not issued by this hub.");
    }
}
