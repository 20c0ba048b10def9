package dev.hookbus.ingest.rest;

import java.util.Map;

/**
 * The one error body of hook-ingest: {@code {"code","message","details"}}. Never a stack trace, never a token, never
 * file content.
 */
public record ApiError(String code, String message, Map<String, Object> details) {
}
