package dev.hookbus.sync.rest;

import dev.hookbus.kit.rest.ApiException;
import dev.hookbus.sync.budget.BaseBudgets;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;

/**
 * The base's budget for other hookbus processes: {@code POST /api/budget/{base}/permit} answers 200 once a token of the
 * base's one budget is theirs (409 NOT_OWNER from a replica that does not write the base); {@code POST
 * /api/budget/{base}/penalty?seconds=S} stops the whole base after a 429 one of them saw.
 */
@Path("/api/budget/{baseId}")
public class BudgetResource {
    @Inject
    BaseBudgets budgets;
    @Inject
    MeterRegistry registry;

    @POST
    @Path("permit")
    @Blocking
    public Response permit(@PathParam("baseId") String baseId) throws InterruptedException {
        requireOwner(baseId);
        budgets.grantRemote(baseId);
        registry.counter("hookbus_sync_budget_permits_total").increment();
        return Response.ok(Map.of("baseId", baseId, "granted", 1)).build();
    }

    @POST
    @Path("penalty")
    public Response penalty(@PathParam("baseId") String baseId, @QueryParam("seconds") @DefaultValue("30") int seconds) {
        requireOwner(baseId);
        if (seconds < 1 || seconds > 600) {
            throw ApiException.badRequest("BAD_PENALTY", "seconds must be 1 to 600", Map.of("seconds", seconds));
        }
        budgets.of(baseId).penalize(Duration.ofSeconds(seconds));
        return Response.noContent().build();
    }

    private void requireOwner(String baseId) {
        if (!budgets.owns(baseId)) {
            throw new ApiException(409, "NOT_OWNER", "this airtable-sync replica does not write base " + baseId + " (now)", Map.of("baseId", baseId));
        }
    }
}
