package dev.hookbus.kit.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The one error body of every hookbus service: {@code {"code","message","details"}}. Never a stack trace, never a
 * token, never file content.
 */
public record ApiError(String code, String message, Map<String, Object> details) {
    public ApiError {
        details = details == null ? Map.of() : details;
    }

    public static Response response(int status, String code, String message) {
        return response(status, code, message, Map.of());
    }

    public static Response response(int status, String code, String message, Map<String, Object> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message, details)).build();
    }
}
