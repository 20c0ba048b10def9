package dev.hookbus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local stand-in of the Anthropic Messages API ({@code POST /v1/messages}, streaming): it answers each request with
 * the next scripted tool call and, once the script is done, with plain text, so the real Claude Code CLI runs real
 * tools and fires real hooks. The step is the number of tool results the conversation already holds, so a request
 * Claude Code makes on the side (no tools) never consumes one.
 */
final class MessagesStandIn implements AutoCloseable {
    record ToolCall(String name, JsonNode input) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private volatile List<ToolCall> script = List.of();
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    MessagesStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void script(List<ToolCall> calls) {
        script = List.copyOf(calls);
        requests.clear();
    }

    static ToolCall write(String path, String content) {
        return new ToolCall("Write", JSON.createObjectNode().put("file_path", path).put("content", content));
    }

    static ToolCall edit(String path, String oldString, String newString) {
        return new ToolCall("Edit", JSON.createObjectNode().put("file_path", path).put("old_string", oldString).put("new_string", newString));
    }

    static ToolCall read(String path) {
        return new ToolCall("Read", JSON.createObjectNode().put("file_path", path));
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/messages")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        JsonNode request = JSON.readTree(body);
        requests.add(request);
        int done = 0;
        for (JsonNode message : request.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if ("tool_result".equals(block.path("type").asText())) {
                    done++;
                }
            }
        }
        List<ToolCall> calls = script;
        StringBuilder sse = new StringBuilder();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.putObject("message").put("id", "msg_standin_" + done).put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asText("claude")).putNull("stop_reason").putNull("stop_sequence")
                .putArray("content");
        ((ObjectNode) start.get("message")).putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
        event(sse, "message_start", start);
        String stop;
        if (request.path("tools").size() > 0 && done < calls.size()) {
            ToolCall call = calls.get(done);
            ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_standin_" + done + "_" + System.nanoTime())
                    .put("name", call.name()).putObject("input");
            event(sse, "content_block_start", blockStart);
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "input_json_delta").put("partial_json", JSON.writeValueAsString(call.input()));
            event(sse, "content_block_delta", delta);
            stop = "tool_use";
        } else {
            ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            event(sse, "content_block_start", blockStart);
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", "done");
            event(sse, "content_block_delta", delta);
            stop = "end_turn";
        }
        event(sse, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stop).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", 5);
        event(sse, "message_delta", messageDelta);
        event(sse, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        byte[] out = sse.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, out.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    private static void event(StringBuilder sse, String name, JsonNode data) throws IOException {
        sse.append("event: ").append(name).append('\n').append("data: ").append(JSON.writeValueAsString(data)).append("\n\n");
    }

    /** Every user message text the stand-in received (what the agent was told, hooks' feedback included). */
    List<String> userTexts() {
        List<String> texts = new java.util.ArrayList<>();
        for (JsonNode request : requests) {
            for (JsonNode message : request.path("messages")) {
                if (!"user".equals(message.path("role").asText())) {
                    continue;
                }
                if (message.path("content").isTextual()) {
                    texts.add(message.path("content").asText());
                }
                for (JsonNode block : message.path("content")) {
                    if (block.has("text")) {
                        texts.add(block.path("text").asText());
                    }
                    if (block.path("content").isTextual()) {
                        texts.add(block.path("content").asText());
                    }
                }
            }
        }
        return texts;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
