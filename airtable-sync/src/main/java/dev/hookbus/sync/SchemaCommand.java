package dev.hookbus.sync;

import dev.hookbus.airtable.AirtableApiException;
import dev.hookbus.airtable.AirtableClient;
import dev.hookbus.airtable.AirtableConnection;
import dev.hookbus.airtable.OwnerRateBudget;
import dev.hookbus.airtable.RateBudget;
import dev.hookbus.airtable.SchemaCheck;
import java.time.Duration;
import java.util.List;

/**
 * {@code airtable-sync schema [--apply]}: checks the base against the catalog layout (one line per problem, exit 1 when
 * any); with {@code --apply} creates what is missing (needs {@code schema.bases:write}). Reads AIRTABLE_API_URL,
 * AIRTABLE_TOKEN, AIRTABLE_BASE_ID.
 */
public final class SchemaCommand {
    private SchemaCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean apply = args.length > 1 && args[0].equals("schema") && args[1].equals("--apply");
        if (args.length == 0 || !args[0].equals("schema") || (args.length > 1 && !apply)) {
            System.err.println("usage: airtable-sync schema [--apply]");
            System.exit(2);
        }
        try {
            AirtableConnection airtable = AirtableConnection.fromEnvironment(System::getenv);
            String baseId = airtable.baseId();
            AirtableClient client = airtable.waitingClient(Duration.ofSeconds(30), System.err::println);
            RateBudget budget = OwnerRateBudget.forCommand(System::getenv, baseId, 1, message -> System.err.println("airtable-sync schema: " + message));
            SchemaCheck check = SchemaCheck.defaults();
            if (apply) {
                check.apply(client, budget, baseId).forEach(created -> System.out.println("created " + created));
            }
            List<String> problems = check.problems(client.tables(budget, baseId));
            problems.forEach(System.out::println);
            System.out.println(problems.isEmpty() ? "base " + baseId + " fits the catalog layout" : problems.size() + " problems");
            System.exit(problems.isEmpty() ? 0 : 1);
        } catch (AirtableApiException | IllegalStateException e) {
            System.err.println("airtable-sync: " + e.getMessage());
            System.exit(1);
        }
    }
}
