package io.sagaplatform.orchestrator.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.RestAssured;

/**
 * One scrape of {@code /q/metrics} (Prometheus text format) read into samples, and the names it saw written to
 * {@code target/exported-metrics.txt} for deploy-tests' dashboard check.
 */
final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    static Scrape metrics() {
        Scrape scrape = new Scrape();
        String text = RestAssured.given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            String value = m.group(3);
            scrape.samples.add(new Sample(m.group(1), labels, value.equals("NaN") ? Double.NaN
                    : value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value)));
        }
        return scrape;
    }

    List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .toList();
    }

    Optional<Double> sum(String name, Map<String, String> labels) {
        List<Sample> matching = samples(name, labels);
        return matching.isEmpty() ? Optional.empty() : Optional.of(matching.stream().mapToDouble(Sample::value).sum());
    }

    double value(String name, Map<String, String> labels) {
        return sum(name, labels).orElseThrow(() -> new AssertionError("No series " + name + labels + " in /q/metrics"));
    }

    TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    void writeNames() {
        try {
            Path file = Path.of("target", "exported-metrics.txt");
            Files.createDirectories(file.getParent());
            Files.write(file, names());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
