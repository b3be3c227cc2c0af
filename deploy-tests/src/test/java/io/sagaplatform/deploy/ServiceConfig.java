package io.sagaplatform.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sagaplatform.stack.StackService;

/**
 * What a service's own configuration says — the truth the manifests are checked against: its port, its
 * management port (metrics and health, {@code quarkus.management.port}), database,
 * role, inbound topics, the topics its code publishes to, the configuration properties it knows (its
 * {@code application.properties}, the messaging and REST defaults, the messaging module's typed configuration,
 * the MicroProfile JWT names and the Kafka client settings) and what its {@code Dockerfile.jvm} declares.
 */
record ServiceConfig(String name, int port, int managementPort, String database, String username, List<String> inboundTopics,
        Map<String, Set<String>> channelGroups, Set<String> publishedTopics, Set<String> readsWithoutGroup,
        Set<String> propertyNames,
        Set<String> imageEnv, Optional<Integer> exposedPort, Optional<String> imageUser) {

    /** The services' modules: the stack module's service table, the one the local stack and the tests read. */
    static final List<String> MODULES = StackService.names();

    private static final Pattern ENV_LINE = Pattern.compile("^ENV\\s+([A-Za-z_][A-Za-z0-9_]*)=", Pattern.MULTILINE);
    private static final Pattern EXPOSE_LINE = Pattern.compile("^EXPOSE\\s+(\\d+)", Pattern.MULTILINE);
    private static final Pattern USER_LINE = Pattern.compile("^USER\\s+(\\S+)", Pattern.MULTILINE);
    /** A SmallRye incoming channel of the service's own besides the shared one: its topics. */
    private static final Pattern CHANNEL_TOPICS = Pattern.compile("mp\\.messaging\\.incoming\\.([\\w-]+)\\.topics");
    /** How a command topic's name ends ({@code <context>.commands}). */
    private static final String COMMANDS_SUFFIX = ".commands";
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("\\bTopics\\.([A-Z][A-Z0-9_]*)\\b");
    /** Kafka settings a service takes from {@code kafka.*} (KAFKA_* in its environment) for its consumers and producers. */
    private static final Set<String> KAFKA_CLIENT_SETTINGS = kafkaClientSettings();
    /** Properties of the MicroProfile JWT specification, which every service's SmallRye JWT reads. */
    private static final Set<String> MP_JWT_PROPERTIES = constants(org.eclipse.microprofile.jwt.config.Names.class);

    static List<ServiceConfig> all() {
        return MODULES.stream().map(ServiceConfig::load).toList();
    }

    static ServiceConfig load(String module) {
        Path root = Tools.REPO_ROOT;
        Properties own = properties(root.resolve(module).resolve("src/main/resources/application.properties"));
        Properties shared = properties(root.resolve("messaging/src/main/resources/META-INF/microprofile-config.properties"));
        Properties rest = properties(root.resolve("rest-support/src/main/resources/META-INF/microprofile-config.properties"));
        String name = required(own, "quarkus.application.name", module);
        String jdbcUrl = required(own, "quarkus.datasource.jdbc.url", module);
        Set<String> known = new HashSet<>(own.stringPropertyNames());
        known.addAll(shared.stringPropertyNames());
        known.addAll(rest.stringPropertyNames());
        known.addAll(ConfigMappingSource.propertyNames(root.resolve(
                "messaging/src/main/java/io/sagaplatform/messaging/MessagingConfig.java")));
        known.addAll(MP_JWT_PROPERTIES);
        String dockerfile = read(root.resolve(module).resolve("src/main/docker/Dockerfile.jvm"));
        Set<String> imageEnv = new LinkedHashSet<>();
        Matcher env = ENV_LINE.matcher(dockerfile);
        while (env.find()) {
            imageEnv.add(env.group(1));
        }
        Matcher expose = EXPOSE_LINE.matcher(dockerfile);
        Matcher user = USER_LINE.matcher(dockerfile);
        return new ServiceConfig(name,
                Integer.parseInt(required(own, "quarkus.http.port", module)),
                Integer.parseInt(required(own, "quarkus.management.port", module)),
                jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", ""),
                required(own, "quarkus.datasource.username", module),
                Arrays.stream(required(own, "saga.messaging.inbound-topics", module).split(",")).map(String::trim).toList(),
                channelGroups(own, module),
                publishedTopics(root.resolve(module).resolve("src/main/java")),
                replaysDeadLetters(root.resolve(module).resolve("src/main/java"))
                        ? io.sagaplatform.contracts.Topics.all().stream().map(io.sagaplatform.contracts.Topics::deadLetter)
                                .collect(java.util.stream.Collectors.toUnmodifiableSet())
                        : Set.of(),
                Set.copyOf(known),
                Set.copyOf(imageEnv),
                expose.find() ? Optional.of(Integer.parseInt(expose.group(1))) : Optional.empty(),
                user.find() ? Optional.of(user.group(1)) : Optional.empty());
    }

    /**
     * The consumer groups of the service's own incoming channels (declared in its {@code application.properties},
     * beside the shared {@code saga-inbound} of the messaging defaults), each with the topics it reads — e.g. the
     * orchestrator's dead-letter channel. Each must name its group: its ACLs are granted on that group.
     */
    private static Map<String, Set<String>> channelGroups(Properties own, String module) {
        Map<String, Set<String>> groups = new TreeMap<>();
        for (String key : own.stringPropertyNames()) {
            Matcher channel = CHANNEL_TOPICS.matcher(key);
            if (channel.matches()) {
                String group = required(own, "mp.messaging.incoming." + channel.group(1) + ".group.id", module);
                Arrays.stream(own.getProperty(key).split(",")).map(String::trim).filter(t -> !t.isEmpty())
                        .forEach(t -> groups.computeIfAbsent(group, g -> new TreeSet<>()).add(t));
            }
        }
        return Map.copyOf(groups);
    }

    /** The environment variable MicroProfile Config maps to {@code property} (non-alphanumerics to '_', upper case). */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether setting {@code variable} in this service's container means something to it. */
    boolean understands(String variable) {
        return imageEnv.contains(variable) || propertyNames.stream().anyMatch(p -> envName(p).equals(variable))
                || KAFKA_CLIENT_SETTINGS.stream().anyMatch(k -> envName("kafka." + k).equals(variable));
    }

    /**
     * Every topic this service writes to: what its code publishes through the outbox and the dead-letter topic of
     * each topic it consumes (the shared dead-letter publisher). Its Kafka ACLs must allow exactly these.
     */
    Set<String> writesTo() {
        Set<String> topics = new java.util.TreeSet<>(publishedTopics);
        inboundTopics.forEach(t -> topics.add(io.sagaplatform.contracts.Topics.deadLetter(t)));
        return topics;
    }

    /**
     * The consumer groups whose committed offsets this service reads, so its Kafka ACLs must allow it to describe
     * exactly these: a service that sends commands to a topic (publishes to a {@code *.commands} topic) tells
     * whether a timed-out command was consumed from the offsets of the group consuming that topic — the group of
     * each service with it among its inbound topics (named after that service, as its own group ACL is).
     */
    Set<String> describesGroups(List<ServiceConfig> all) {
        Set<String> groups = new java.util.TreeSet<>();
        for (String topic : publishedTopics) {
            if (topic.endsWith(COMMANDS_SUFFIX)) {
                all.stream().filter(s -> s.inboundTopics().contains(topic)).forEach(s -> groups.add(s.name()));
            }
        }
        return groups;
    }

    /**
     * The topics a module's code sends to: every {@code Topics} constant its main sources name, every topic when
     * they name {@code Topics.all()} (the dead-letter replay, see {@link #replaysDeadLetters}), plus
     * {@code saga.replies} when it answers commands — a {@code SagaParticipant}, whose replies the dispatcher writes,
     * or code that writes one itself ({@code Envelope.reply}, {@code OutboxMessage.reply}). Its inbound topics come
     * from configuration, not constants, so naming a constant means sending to it.
     */
    static Set<String> publishedTopics(Path sources) {
        Set<String> topics = new java.util.TreeSet<>();
        try (var files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = read(file);
                Matcher constant = TOPIC_CONSTANT.matcher(code);
                while (constant.find()) {
                    topics.add(topicConstant(constant.group(1)));
                }
                if (code.contains("OutboxMessage.reply(") || code.contains("envelope.reply(")
                        || code.contains("implements SagaParticipant")) {
                    topics.add(io.sagaplatform.contracts.Topics.SAGA_REPLIES);
                }
                if (code.contains("Topics.all()")) {
                    // an operator's dead-letter replay: a parked record goes back to whichever topic it came from
                    topics.addAll(io.sagaplatform.contracts.Topics.all());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(topics);
    }

    /**
     * Whether the module offers the operator's dead-letter API: its main sources name {@code Topics.all()}, which it
     * walks to read every {@code <topic>.dlq} — by assigning partitions, without a consumer group — and to send a
     * parked record back where it came from.
     */
    static boolean replaysDeadLetters(Path sources) {
        try (var files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> read(f).contains("Topics.all()"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String topicConstant(String field) {
        try {
            return (String) io.sagaplatform.contracts.Topics.class.getField(field).get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Topics." + field + " is not a topic name constant", e);
        }
    }

    private static Set<String> kafkaClientSettings() {
        Set<String> names = new HashSet<>(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        names.addAll(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        return Set.copyOf(names);
    }

    private static Set<String> constants(Class<?> holder) {
        Set<String> values = new HashSet<>();
        for (var field : holder.getFields()) {
            if (field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(values);
    }

    /**
     * Every topic the platform's code uses, the dead-letter topic of every topic some service consumes, and what a
     * service's own channels read (the orchestrator's command dead letters: already among those).
     */
    static Set<String> expectedTopics(List<ServiceConfig> services) {
        Set<String> topics = new LinkedHashSet<>(io.sagaplatform.contracts.Topics.all());
        services.stream().flatMap(s -> s.inboundTopics().stream())
                .forEach(t -> topics.add(io.sagaplatform.contracts.Topics.deadLetter(t)));
        services.stream().flatMap(s -> s.channelGroups().values().stream()).forEach(topics::addAll);
        return topics;
    }

    private static String required(Properties p, String key, String module) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(module + "'s application.properties has no " + key);
        }
        return value.trim();
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
