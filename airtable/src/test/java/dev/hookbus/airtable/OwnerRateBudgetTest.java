package dev.hookbus.airtable;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The permit is taken from whichever replica owns the base, and follows the base when a rebalance moves it. */
class OwnerRateBudgetTest {
    /** A stand-in of one airtable-sync replica's budget endpoint: 200 while it owns the base, else 409 NOT_OWNER. */
    static final class Replica implements AutoCloseable {
        final AtomicBoolean owner = new AtomicBoolean();
        final List<String> granted = new CopyOnWriteArrayList<>();
        final HttpServer server;

        Replica() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/budget/", exchange -> {
                boolean owns = owner.get();
                if (owns) {
                    granted.add(exchange.getRequestURI().toString());
                }
                byte[] body = (owns ? "{\"granted\":1}" : "{\"code\":\"NOT_OWNER\"}").getBytes();
                exchange.sendResponseHeaders(owns ? 200 : 409, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    final Replica one;
    final Replica two;
    final List<String> notices = new CopyOnWriteArrayList<>();

    OwnerRateBudgetTest() throws IOException {
        one = new Replica();
        two = new Replica();
    }

    @AfterEach
    void stop() {
        one.close();
        two.close();
    }

    @Test
    void thePermitComesFromTheReplicaThatOwnsTheBaseAndFollowsItAcrossARebalance() throws Exception {
        OwnerRateBudget budget = new OwnerRateBudget(one.url() + " , " + two.url(), "appB", null, RateBudget.local(1), notices::add);
        two.owner.set(true);
        budget.acquire();
        budget.acquire();
        assertThat(two.granted).containsExactly("/api/budget/appB/permit", "/api/budget/appB/permit");
        assertThat(one.granted).isEmpty();

        // a rebalance moves the base to the first replica
        two.owner.set(false);
        one.owner.set(true);
        budget.acquire();
        assertThat(one.granted).containsExactly("/api/budget/appB/permit");

        // a 429 seen by this process stops the owner's writer too
        budget.penalize(Duration.ofSeconds(7));
        assertThat(one.granted).containsExactly("/api/budget/appB/permit", "/api/budget/appB/penalty?seconds=7");
        assertThat(notices).isEmpty();
    }

    @Test
    void withNoReplicaReachableItKeepsToItsOwnBudgetAndSaysWhichItAsked() throws Exception {
        String urls = one.url() + "," + two.url();
        one.close();
        two.close();
        OwnerRateBudget budget = new OwnerRateBudget(urls, "appB", null, RateBudget.local(1), notices::add);
        budget.acquire();
        assertThat(notices).singleElement().asString().startsWith("no airtable-sync owns the base at 127.0.0.1:")
                .contains(", 127.0.0.1:").contains("(not reachable): keeping to this process's own budget");
    }
}
