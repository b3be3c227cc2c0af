package io.sagaplatform.testing;

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

/**
 * One scrape of {@code /q/metrics} in the Prometheus text format, read into samples: name, labels, value — the one
 * reader of that format in the tests (component tests scrape their service, the end-to-end tests parse what a
 * packaged service answered). An OpenMetrics exemplar after a value ({@code 3.0 # {trace_id="…"} 1.0 …}) is not
 * part of the sample. Also writes the names it saw to {@code target/exported-metrics.txt}, the list deploy-tests
 * checks the Grafana dashboard against.
 */
public final class Scrape {

    /** name, then labels (quoted values may hold any character, braces included), then the value; then anything. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)\\})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private Scrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** The service under test's {@code /q/metrics}, on its management interface ({@link Management}). */
    public static Scrape metrics() {
        String text = Management.given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        return parse(text);
    }

    /** Reads a scrape's text. */
    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, parseValue(m.group(3))));
        }
        return new Scrape(samples);
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The samples of {@code name} whose labels include every given one. */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .toList();
    }

    /** The sum over the matching samples; empty when there is none. */
    public Optional<Double> sum(String name, Map<String, String> labels) {
        List<Sample> matching = samples(name, labels);
        return matching.isEmpty() ? Optional.empty()
                : Optional.of(matching.stream().mapToDouble(Sample::value).sum());
    }

    public double value(String name, Map<String, String> labels) {
        return sum(name, labels).orElseThrow(() -> new AssertionError("No series " + name + labels + " in /q/metrics"));
    }

    public TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** Writes every series name seen to {@code target/exported-metrics.txt}, one per line. */
    public void writeNames() {
        try {
            Path file = Path.of("target", "exported-metrics.txt");
            Files.createDirectories(file.getParent());
            Files.write(file, names());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
