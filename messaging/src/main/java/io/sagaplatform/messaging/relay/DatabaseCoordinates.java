package io.sagaplatform.messaging.relay;

import java.net.URI;

/** Host, port and database name of a {@code jdbc:postgresql://host[:port]/database[?…]} URL. */
record DatabaseCoordinates(String host, int port, String database) {

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
        return new DatabaseCoordinates(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), path);
    }
}
