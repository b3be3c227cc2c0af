package io.sagaplatform.messaging.relay;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Host, port, database name and connection parameters ({@code sslmode}, {@code sslrootcert}, {@code options}, …) of a
 * {@code jdbc:postgresql://host[:port]/database[?name=value&…]} URL. Parameters are URL-decoded, as the PostgreSQL
 * driver decodes them; one without a value is kept with an empty value, as the driver keeps it.
 */
record DatabaseCoordinates(String host, int port, String database, Map<String, String> parameters) {

    DatabaseCoordinates {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    static DatabaseCoordinates parse(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("The outbox relay needs a jdbc:postgresql://host:port/database URL,"
                    + " got '" + jdbcUrl + "'");
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || path.isEmpty()) {
            throw new IllegalArgumentException("Cannot read host and database from '" + jdbcUrl + "'");
        }
        return new DatabaseCoordinates(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), path,
                parameters(uri.getRawQuery()));
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }
}
