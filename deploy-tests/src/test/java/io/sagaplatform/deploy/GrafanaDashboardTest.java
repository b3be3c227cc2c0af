package io.sagaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The Grafana dashboard queries only what the services export. Every metric name in every PromQL expression
 * of {@code deploy/grafana/saga-platform.json} (panel targets and template variables) must be a series name a
 * real scrape saw: the messaging and orchestrator {@code *MetricsIT} tests and order-service's {@code AdmissionIT} write the names they scraped from
 * {@code /q/metrics} to their {@code target/exported-metrics.txt}. Those names are full series names, with the
 * Prometheus suffixes ({@code _total}, {@code _seconds_bucket}, {@code _count}, {@code _sum}, {@code _max}), so
 * a dashboard that uses a histogram's base name or forgets {@code _total} fails too.
 */
class GrafanaDashboardTest {

    private static final Path ROOT = Path.of(System.getProperty("deploy.repo.root", ".."));
    private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/saga-platform.json");
    private static final List<Path> SCRAPES = List.of(ROOT.resolve("messaging/target/exported-metrics.txt"),
            ROOT.resolve("orchestrator/target/exported-metrics.txt"), ROOT.resolve("order-service/target/exported-metrics.txt"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    @Test
    void everyMetricTheDashboardQueriesIsExportedByAService() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Set<String> exported = exportedNames();

        TreeMap<String, Set<String>> missing = unexported(dashboard, exported);

        assertThat(missing).as("metric names the dashboard queries but no service exported in the scrapes %s",
                SCRAPES).isEmpty();
        assertThat(queriedNames(dashboard)).as("the extraction found the dashboard's metrics").contains(
                "saga_started_total", "saga_in_flight", "saga_duration_seconds_bucket",
                "saga_step_latency_seconds_bucket", "saga_relay_lag_seconds_bucket", "saga_relay_slot_lag_bytes",
                "kafka_consumer_fetch_manager_records_lag_max", "saga_dlq_messages_total",
                "saga_dispatch_messages_total", "saga_relay_state", "saga_dlq_pending", "saga_orders_rejected_total",
                "saga_orders_in_flight_limit");
    }

    @Test
    void aMisspelledMetricNameInThePanelsIsCaught() throws IOException {
        ObjectNode dashboard = (ObjectNode) JSON.readTree(DASHBOARD.toFile());
        ObjectNode target = (ObjectNode) dashboard.get("panels").get(1).get("targets").get(0);
        target.set("expr", TextNode.valueOf(target.get("expr").asText()
                .replace("saga_started_total", "saga_sagas_startd_total")));

        assertThat(unexported(dashboard, exportedNames())).containsOnlyKeys("saga_sagas_startd_total");
    }

    @Test
    void aHistogramQueriedByItsBaseNameOrACounterWithoutTotalIsCaught() {
        Set<String> exported = Set.of("saga_duration_seconds_bucket", "saga_started_total");
        assertThat(names("histogram_quantile(0.95, sum by (le) (rate(saga_duration_seconds[5m])))"))
                .containsExactly("saga_duration_seconds").doesNotContainAnyElementsOf(exported);
        assertThat(names("rate(saga_started[1m])")).containsExactly("saga_started");
    }

    @Test
    void metricNamesAreToldApartFromFunctionsLabelsStringsRangesAndVariables() {
        assertThat(names("histogram_quantile(0.99, sum by (le, service) (rate(saga_relay_lag_seconds_bucket"
                + "{service=~\"$service\", topic!=\"x_total\"}[$__rate_interval]))) / on (service) group_left"
                + " max without (slot) (saga_relay_slot_lag_bytes offset 5m) > bool 1e3"))
                .containsExactly("saga_relay_lag_seconds_bucket", "saga_relay_slot_lag_bytes");
        assertThat(names("sum(saga_in_flight) or vector(0)")).containsExactly("saga_in_flight");
    }

    /** Queried names that no scrape saw, each with the panels (titles) that use it. */
    private static TreeMap<String, Set<String>> unexported(JsonNode dashboard, Set<String> exported) {
        TreeMap<String, Set<String>> missing = new TreeMap<>();
        for (Query query : queries(dashboard)) {
            for (String name : query.names()) {
                if (!exported.contains(name)) {
                    missing.computeIfAbsent(name, n -> new TreeSet<>()).add(query.where());
                }
            }
        }
        return missing;
    }

    private static Set<String> queriedNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        queries(dashboard).forEach(q -> names.addAll(q.names()));
        return names;
    }

    private record Query(String where, Set<String> names) {
    }

    private static List<Query> queries(JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            collectPanel(panel, queries);
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText("") : query.asText("");
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            Matcher m = LABEL_VALUES.matcher(text);
            Set<String> names = new TreeSet<>();
            if (m.find()) {
                names.add(m.group(1));
            } else {
                names.addAll(names(text));
            }
            queries.add(new Query("variable " + variable.path("name").asText(), names));
        }
        return queries;
    }

    private static void collectPanel(JsonNode panel, List<Query> queries) {
        for (JsonNode target : panel.path("targets")) {
            if (target.hasNonNull("expr")) {
                queries.add(new Query(panel.path("title").asText(), names(target.get("expr").asText())));
            }
        }
        for (JsonNode nested : panel.path("panels")) { // collapsed rows keep their panels inside
            collectPanel(nested, queries);
        }
    }

    /** The metric names of one PromQL expression. */
    static Set<String> names(String promql) {
        String text = promql
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'", "\"\"") // strings
                .replaceAll("\\{[^}]*\\}", " ") // label matchers
                .replaceAll("\\[[^\\]]*\\]", " ") // ranges and subqueries
                .replaceAll("\\$\\{[^}]*\\}|\\$\\w+", " ") // Grafana variables
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                next++;
            }
            boolean function = next < text.length() && text.charAt(next) == '(';
            if (!function && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private static Set<String> exportedNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path scrape : SCRAPES) {
            if (!Files.isRegularFile(scrape)) {
                throw new AssertionError(scrape + " is missing: it is written by the module's *MetricsIT (order-service:"
                        + " AdmissionIT) from a real /q/metrics scrape. Build messaging, orchestrator and order-service"
                        + " with their tests first (./saga test, or mvn verify -pl messaging,orchestrator,order-service).");
            }
            Files.readAllLines(scrape).stream().map(String::trim).filter(l -> !l.isEmpty()).forEach(names::add);
        }
        return names;
    }
}
