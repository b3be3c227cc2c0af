package io.sagaplatform.orchestrator.application;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.sagaplatform.orchestrator.engine.SagaDefinition;
import io.sagaplatform.orchestrator.engine.SagaEngine;

/**
 * Every saga definition the orchestrator runs, by type and version. Each saga package registers its definitions as
 * {@code SagaDefinition} beans — every version that sagas may still run on; the registry collects them when the
 * application starts (so a broken definition stops the start, not a saga) and knows per type:
 * <ul>
 * <li>the <b>current</b> version, the one new sagas start on: {@code saga.definitions.<type>.current-version}
 * (env {@code SAGA_DEFINITIONS_<TYPE>_CURRENT_VERSION}, e.g. {@code SAGA_DEFINITIONS_PLACE_ORDER_CURRENT_VERSION}),
 * the highest registered version when not set;</li>
 * <li>the <b>older</b> versions still registered: a saga finishes on the version it started with, whatever the
 * current one is now.</li>
 * </ul>
 * A saga stored with a version no longer registered gets the current version's engine, which refuses it loudly (FAILED
 * with the reason, nothing sent): a saga is never re-mapped onto another version.
 */
@Singleton
@Startup
public class SagaRegistry {

    private static final Logger LOG = Logger.getLogger(SagaRegistry.class);

    /** Every version of one saga type, and the one new sagas start on. */
    private record Registered(NavigableMap<Integer, SagaEngine<?>> versions, int current) {
    }

    private final Map<String, Registered> types;

    @Inject
    SagaRegistry(@Any Instance<SagaDefinition<?>> definitions, Config config) {
        this(definitions.stream().toList(), type -> config.getOptionalValue(currentVersionProperty(type),
                Integer.class));
    }

    /**
     * @param currentVersionOf the configured current version of a type, if any (default: its highest version)
     * @throws IllegalStateException when two definitions claim one type and version, when the versions of a type
     *         disagree on what a saga of it is about (aggregate type, key name), or when the configured current
     *         version is not registered
     */
    public SagaRegistry(Collection<? extends SagaDefinition<?>> definitions,
            Function<String, Optional<Integer>> currentVersionOf) {
        Map<String, NavigableMap<Integer, SagaEngine<?>>> byType = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (SagaDefinition<?> definition : definitions) {
            NavigableMap<Integer, SagaEngine<?>> versions = byType.computeIfAbsent(definition.name(),
                    type -> new TreeMap<>());
            if (versions.containsKey(definition.version())) {
                problems.add(definition.name() + " v" + definition.version() + " is registered twice");
                continue;
            }
            if (!versions.isEmpty()) {
                SagaDefinition<?> other = versions.firstEntry().getValue().definition();
                if (!other.aggregateType().equals(definition.aggregateType())
                        || !other.keyName().equals(definition.keyName())) {
                    problems.add(definition.name() + " v" + definition.version() + " is about "
                            + definition.aggregateType() + "/" + definition.keyName() + ", v" + other.version()
                            + " about " + other.aggregateType() + "/" + other.keyName()
                            + ": every version of a type keeps its correlation key (one saga per type and key)");
                }
            }
            versions.put(definition.version(), new SagaEngine<>(definition));
        }
        Map<String, Registered> registered = new TreeMap<>();
        byType.forEach((type, versions) -> {
            int current = currentVersionOf.apply(type).orElse(versions.lastKey());
            if (!versions.containsKey(current)) {
                problems.add(currentVersionProperty(type) + " is " + current + ", but " + type
                        + " has only versions " + versions.keySet() + " registered");
            }
            registered.put(type, new Registered(Collections.unmodifiableNavigableMap(versions), current));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Saga definitions cannot be registered: " + String.join("; ", problems));
        }
        this.types = Collections.unmodifiableMap(registered);
        types.forEach((type, r) -> LOG.infof("Saga %s: new sagas start on v%d; versions registered: %s", type,
                r.current(), r.versions().keySet()));
    }

    /** The property naming the version new sagas of {@code type} start on. */
    public static String currentVersionProperty(String type) {
        return "saga.definitions." + type + ".current-version";
    }

    /** Every registered saga type, in name order. */
    public Set<String> types() {
        return types.keySet();
    }

    /** The versions of {@code type} still registered, oldest first (empty for an unknown type). */
    public Set<Integer> versions(String type) {
        return Optional.ofNullable(types.get(type)).map(r -> r.versions().keySet()).orElse(Set.of());
    }

    /** The version new sagas of {@code type} start on. */
    public int currentVersion(String type) {
        return registered(type).current();
    }

    /** The engine new sagas of {@code type} start on. */
    public SagaEngine<?> current(String type) {
        Registered registered = registered(type);
        return registered.versions().get(registered.current());
    }

    /**
     * The engine of a stored saga: its own version's when still registered; otherwise the current version's, which
     * refuses the saga loudly. Empty for a type nothing registers.
     */
    public Optional<SagaEngine<?>> engine(String type, int version) {
        Registered registered = types.get(type);
        if (registered == null) {
            return Optional.empty();
        }
        SagaEngine<?> engine = registered.versions().get(version);
        return Optional.of(engine != null ? engine : registered.versions().get(registered.current()));
    }

    /** Every message type a step of a registered definition accepts as a reply, of any version. */
    public Set<String> replyTypes() {
        Set<String> replies = new TreeSet<>();
        types.values().forEach(r -> r.versions().values().forEach(e -> replies.addAll(e.definition().replyTypes())));
        return replies;
    }

    private Registered registered(String type) {
        Registered registered = types.get(type);
        if (registered == null) {
            throw new IllegalArgumentException("No saga definition of type '" + type + "' is registered (registered: "
                    + types.keySet() + ")");
        }
        return registered;
    }
}
