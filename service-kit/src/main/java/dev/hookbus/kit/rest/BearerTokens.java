package dev.hookbus.kit.rest;

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
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bearer tokens for every mutating endpoint ({@code hookbus.http.tokens}), compared in constant time. With none
 * configured a service accepts loopback clients only and refuses to start bound to another address, saying which
 * setting to set. Tokens are never logged.
 */
@ApplicationScoped
public class BearerTokens {
    private static final Logger LOG = Logger.getLogger(BearerTokens.class);

    private final List<byte[]> tokens;
    private final String host;
    private final String service;
    private final String setting;

    public BearerTokens(@ConfigProperty(name = "hookbus.http.tokens") Optional<List<String>> tokens,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "hookbus") String service,
            @ConfigProperty(name = "hookbus.http.tokens-setting", defaultValue = "HOOKBUS_TOKEN") String setting) {
        this.tokens = tokens.orElse(List.of()).stream().filter(t -> !t.isBlank()).map(t -> t.strip().getBytes(StandardCharsets.UTF_8)).toList();
        this.host = host;
        this.service = service;
        this.setting = setting;
    }

    void onStart(@Observes StartupEvent event) {
        if (tokens.isEmpty()) {
            if (!isLoopback(host)) {
                throw new IllegalStateException(service + ": no token configured (" + setting + ") but quarkus.http.host=" + host
                        + " is not loopback; set " + setting + ", or bind to 127.0.0.1");
            }
            LOG.infof("%s: no token configured (%s): listening on loopback (%s) only", service, setting, host);
        } else {
            LOG.infof("%s: bearer authentication on (%d token(s) configured)", service, tokens.size());
        }
    }

    /** Throws a 401 (or 403 for a remote client when no token is configured) unless the request may mutate. */
    public void check(String authorization, HttpServerRequest request) {
        if (tokens.isEmpty()) {
            SocketAddress remote = request == null ? null : request.remoteAddress();
            if (remote != null && remote.hostAddress() != null && !isLoopback(remote.hostAddress())) {
                throw new ApiException(403, "FORBIDDEN", "without a configured token only loopback clients are accepted", Map.of());
            }
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "UNAUTHORIZED", "send 'Authorization: Bearer <token>'", Map.of());
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(given, token);
        }
        if (!match) {
            throw new ApiException(401, "UNAUTHORIZED", "the bearer token is not valid", Map.of());
        }
    }

    public static boolean isLoopback(String host) {
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
