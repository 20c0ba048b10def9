package dev.hookbus.tilt.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The one error body: {@code {"code","message","details"}}; never a stack trace. */
public record ApiError(String code, String message, Map<String, Object> details) {

    public static Response response(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message, Map.of())).build();
    }
}
