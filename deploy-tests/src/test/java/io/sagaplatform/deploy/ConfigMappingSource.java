package io.sagaplatform.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property names a SmallRye {@code @ConfigMapping} interface declares, read from its source so that deploy-tests
 * need not load the Quarkus module: {@code prefix} + each method in kebab case, a method returning a nested
 * interface being a group ({@code saga.messaging.relay.replication-user}). Enough for the flat interfaces of
 * this project (groups one level deep); a setting a manifest uses that this misses fails the tests loudly.
 */
final class ConfigMappingSource {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern METHOD = Pattern.compile("^\\s*([\\w.]+(?:<[^;()]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern NESTED = Pattern.compile("^\\s*(?:public\\s+|static\\s+)*interface\\s+(\\w+)");

    private ConfigMappingSource() {
    }

    static Set<String> propertyNames(Path source) {
        String code = strip(ServiceConfig.read(source));
        Matcher prefix = PREFIX.matcher(ServiceConfig.read(source));
        if (!prefix.find()) {
            throw new IllegalStateException(source + " declares no @ConfigMapping prefix");
        }
        // methods by enclosing interface: depth 1 is the mapping itself, depth 2 a nested group
        List<String[]> topLevel = new ArrayList<>();
        Map<String, List<String>> groups = new HashMap<>();
        int depth = 0;
        String group = null;
        for (String line : code.split("\n")) {
            Matcher nested = NESTED.matcher(line);
            if (depth == 1 && nested.find()) {
                group = nested.group(1);
                groups.put(group, new ArrayList<>());
            }
            Matcher method = METHOD.matcher(line);
            if (method.find()) {
                if (depth == 1) {
                    topLevel.add(new String[] {method.group(1), method.group(2)});
                } else if (depth == 2 && group != null) {
                    groups.get(group).add(method.group(2));
                }
            }
            for (char c : line.toCharArray()) {
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            if (depth < 2) {
                group = depth == 1 ? null : group;
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (String[] method : topLevel) {
            String name = prefix.group(1) + "." + kebab(method[1]);
            List<String> members = groups.get(method[0]);
            if (members == null) {
                names.add(name);
            } else {
                members.forEach(member -> names.add(name + "." + kebab(member)));
            }
        }
        return names;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The source without comments and string literals, whose braces would miscount the nesting. */
    private static String strip(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("//[^\n]*", "")
                .replaceAll("\"(?:[^\"\\\\\n]|\\\\.)*\"", "\"\"");
    }
}
