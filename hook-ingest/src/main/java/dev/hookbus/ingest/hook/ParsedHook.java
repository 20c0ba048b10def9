package dev.hookbus.ingest.hook;

import java.util.List;

/**
 * A hook JSON that passed the checks: the fields hook-ingest needs, read in one streaming pass, and the document's
 * own bytes ({@code body[start, end)}), which are published as they came.
 *
 * @param toolInputPaths {@code file_path}, {@code notebook_path}, {@code filePath} of {@code tool_input}, in that
 *        order, where they are non-blank strings (not yet normalised)
 * @param toolResponsePaths the same fields of {@code tool_response}
 * @param hasOriginalFile whether {@code tool_response.originalFile} is present (an Edit's whole previous file)
 */
public record ParsedHook(byte[] body, int start, int end, String hookEventName, String sessionId, String cwd, String toolName,
        String toolUseId, List<PathField> toolInputPaths, List<PathField> toolResponsePaths, String toolInputFilePath,
        boolean hasOriginalFile) {

    /** A path as the hook gave it, with the name of its field (for error details). */
    public record PathField(String field, String path) {
    }
}
