package dev.hookbus.ingest.rest;

import dev.hookbus.ingest.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bearer tokens from configuration, compared in constant time. With none configured, hook-ingest accepts loopback
 * connections only, refuses to start bound to another address, and says so at startup. Tokens are never logged.
 */
@ApplicationScoped
public class BearerAuth {
    private static final Logger LOG = Logger.getLogger(BearerAuth.class);

    private final List<byte[]> tokens;
    private final String host;

    public BearerAuth(IngestConfig config, @ConfigProperty(name = "quarkus.http.host") String host) {
        this.tokens = config.tokens().orElse(List.of()).stream().filter(t -> !t.isBlank())
                .map(t -> t.strip().getBytes(StandardCharsets.UTF_8)).toList();
        this.host = host;
    }

    void onStart(@Observes StartupEvent event) {
        if (tokens.isEmpty()) {
            if (!isLoopback(host)) {
                throw new IllegalStateException("hook-ingest: no token configured (INGEST_TOKENS) but quarkus.http.host=" + host
                        + " is not loopback; set INGEST_TOKENS, or bind to 127.0.0.1");
            }
            LOG.infof("hook-ingest: no token configured (INGEST_TOKENS): listening on loopback (%s) only", host);
        } else {
            LOG.infof("hook-ingest: bearer authentication on (%d token(s) configured)", tokens.size());
        }
    }

    public void check(String authorization, HttpServerRequest request) {
        if (tokens.isEmpty()) {
            SocketAddress remote = request == null ? null : request.remoteAddress();
            if (remote != null && remote.hostAddress() != null && !isLoopback(remote.hostAddress())) {
                throw new IngestException(403, "FORBIDDEN", "without a configured token only loopback clients are accepted", Map.of());
            }
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new IngestException(401, "UNAUTHORIZED", "send 'Authorization: Bearer <token>'", Map.of());
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(given, token);
        }
        if (!match) {
            throw new IngestException(401, "UNAUTHORIZED", "the bearer token is not valid", Map.of());
        }
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
