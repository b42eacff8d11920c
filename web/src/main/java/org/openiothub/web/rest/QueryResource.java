package org.openiothub.web.rest;

import java.io.InputStream;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.openiothub.auth.AccessRight;
import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonMembers;
import org.openiothub.query.store.DeviceQueries;
import org.openiothub.query.store.QueryPage;
import org.openiothub.errors.JsonDocuments;

/**
 * {@code POST /devices/query}: IoT Hub's query language over twins and job records. Body {@code {"query":"..."}};
 * paging by the headers {@code x-ms-max-item-count} (default 100, at most 1,000) and {@code x-ms-continuation}, which
 * the reply carries while more results follow. The reply is a JSON array; {@code x-ms-item-type} says what its items
 * are ({@code twin}, {@code deviceJob} or {@code raw}).
 */
@ApplicationScoped
@Path("devices/query")
@Produces(MediaType.APPLICATION_JSON)
public class QueryResource {

    static final String PAGE_SIZE = "x-ms-max-item-count";
    static final String CONTINUATION = "x-ms-continuation";
    static final String ITEM_TYPE = "x-ms-item-type";

    /** Far above the 8 KB a query may have, so that a long query is refused as such, with its length. */
    private static final int MAX_BODY = 1024 * 1024;

    @EJB
    DeviceQueries queries;

    @POST
    @Consumes(MediaType.WILDCARD)
    @RequiresRight({AccessRight.RegistryRead})
    public Response query(@HeaderParam(PAGE_SIZE) String pageSize, @HeaderParam(CONTINUATION) String continuation,
            InputStream body) {
        String json = JsonDocuments.utf8(RequestBodies.read(body, MAX_BODY));
        String text = JsonMembers.string(JsonBodies.object(json), "query", "");
        if (text == null) {
            throw HubException.invalid("The body must name the query: {\"query\":\"SELECT * FROM devices\"}.");
        }
        QueryPage page = queries.query(text, pageSize(pageSize), continuation);
        StringBuilder items = new StringBuilder(256 * page.items().size() + 2).append('[');
        for (int i = 0; i < page.items().size(); i++) {
            items.append(i == 0 ? "" : ",").append(page.items().get(i));
        }
        Response.ResponseBuilder reply = Response.ok(items.append(']').toString(), MediaType.APPLICATION_JSON_TYPE)
                .header(ITEM_TYPE, page.itemType());
        page.continuation().ifPresent(next -> reply.header(CONTINUATION, next.encode()));
        return reply.build();
    }

    private static Integer pageSize(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(header.trim());
        } catch (NumberFormatException e) {
            throw HubException.invalid(PAGE_SIZE + " must be a number between 1 and " + DeviceQueries.MAX_PAGE_SIZE
                    + ", not '" + header + "'.");
        }
    }
}
