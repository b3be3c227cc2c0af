package io.sagaplatform.contracts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The wire identity of one version of one message: the stable name that travels in the
 * {@code ce_type} header, the schema version that travels in {@code schema-version}, and the record
 * it maps to.
 *
 * <p>Names are {@code <context>.<RecordName>} and are declared as constants in {@link MessageTypes};
 * they are never derived from class names, so a Java rename cannot silently change the wire.
 *
 * @param name     stable wire name, e.g. {@code inventory.ReserveInventory}
 * @param version  schema version, starting at 1
 * @param javaType the record this version maps to
 * @param <T>      the record type
 */
public record MessageType<T extends Message>(String name, int version, Class<T> javaType) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*\\.[A-Z][A-Za-z0-9]*");

    public MessageType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(javaType, "javaType");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "message type name must look like <context>.<RecordName>, was: " + name);
        }
        if (version < 1) {
            throw new IllegalArgumentException("message type version must be >= 1, was: " + version);
        }
    }

    /** The bounded context that owns the message: the part of the name before the dot. */
    public String context() {
        return name.substring(0, name.indexOf('.'));
    }

    /**
     * Classpath location of this version's JSON Schema, in {@link ClassLoader#getResource} form (no
     * leading slash), e.g. {@code io/sagaplatform/contracts/inventory/ReserveInventory.v1.schema.json}.
     */
    public String schemaResource() {
        return "io/sagaplatform/contracts/" + context() + "/" + name.substring(name.indexOf('.') + 1)
                + ".v" + version + ".schema.json";
    }

    @Override
    public String toString() {
        return name + " v" + version;
    }
}
