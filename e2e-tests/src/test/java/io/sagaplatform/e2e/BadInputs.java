package io.sagaplatform.e2e;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sagaplatform.contracts.Topics;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.Tokens;

/**
 * The generator behind {@link BadRestInputIT}. Each endpoint is described once — a valid request and the rule
 * of each field — and the cases are derived from that: every field removed, null, of another JSON type, and
 * set to each hostile value; every path and query parameter set to each hostile value; the body broken, too
 * big, of another media type; the method not allowed. A rule (a mirror of the endpoint's Bean Validation
 * constraints, plus the platform's "no control characters in stored text") decides whether a mutation is
 * still valid input: a rejected one is sent where a mistaken acceptance would show as a state change, a valid
 * one where it can change nothing shared.
 */
final class BadInputs {

    static final String SCRATCH_SKU = "SKU-BADINPUT-SCRATCH";
    static final String SCRATCH_CUSTOMER = "badinput-scratch";
    static final String SCRATCH_COUNTRY = "TV";
    /** Whose {@link #REFERENCE_ORDER} is: the Idempotency-Key valid order mutations go under is this customer's. */
    static final String REFERENCE_CUSTOMER = "alice";
    /** Rejected with OUT_OF_STOCK: reserves nothing, authorizes nothing. */
    static final String REFERENCE_ORDER = """
            {"customerId":"%s","currency":"EUR","lines":[{"sku":"SKU-SOLDOUT","quantity":1,"unitPrice":5.00}],\
            "shippingAddress":{"recipient":"R","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"FR"}}"""
            .formatted(REFERENCE_CUSTOMER);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int OVERSIZED = 70 * 1024;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._-]+");

    /** What a case must be answered with. */
    record Expect(String what, int low, int high) {
        static Expect status(int status) {
            return new Expect(Integer.toString(status), status, status);
        }

        static Expect rejected() {
            return new Expect("4xx", 400, 499);
        }

        static Expect accepted() {
            return new Expect("2xx", 200, 299);
        }

        /** Valid or not, as long as a refusal is a problem: for reads, whose answer depends on the data. */
        static Expect noServerError() {
            return new Expect("2xx or 4xx", 200, 499);
        }

        String mismatch(int status) {
            return status >= low && status <= high ? null : "expected " + what + ", got " + status;
        }
    }

    /** One request. {@code body} null: none. */
    record Case(String name, String service, String method, String path, Map<String, String> headers, byte[] body,
            boolean chunked, Expect expect) {
    }

    // ---- field rules ---------------------------------------------------------------------------------------

    sealed interface Rule permits Text, Whole, Decimal, Structure {
    }

    /** A required string: not blank, at most {@code max} chars, matching {@code pattern} or else free text. */
    record Text(int max, Pattern pattern) implements Rule {
    }

    /** A required integer in [min, max]; JSON floats are refused (StrictJson). */
    record Whole(long min, long max) implements Rule {
    }

    /** A required decimal: at least {@code min}, at most {@code max} (if any), @Digits(integer, fraction). */
    record Decimal(BigDecimal min, BigDecimal max, int integer, int fraction) implements Rule {
    }

    /** A required object or array with required content: no mutation of it as a whole is valid. */
    record Structure() implements Rule {
    }

    /** Whether the service must accept {@code value} (null: the field is absent) for a field with {@code rule}. */
    static boolean accepts(Rule rule, JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode() || rule instanceof Structure) {
            return false;
        }
        if (rule instanceof Text text) {
            // Jackson reads any scalar into a String ("42", "true"): the constraints decide
            String s = value.isTextual() ? value.textValue() : value.asText();
            if (s.isBlank() || s.length() > text.max()) {
                return false;
            }
            // stored text never holds control characters: PostgreSQL cannot store a NUL at all
            return text.pattern() == null ? !s.codePoints().anyMatch(Character::isISOControl)
                    : text.pattern().matcher(s).matches();
        }
        if (rule instanceof Whole whole) {
            if (!value.isIntegralNumber()) {
                return false;
            }
            BigInteger n = value.bigIntegerValue();
            return n.compareTo(BigInteger.valueOf(whole.min())) >= 0 && n.compareTo(BigInteger.valueOf(whole.max())) <= 0;
        }
        Decimal decimal = (Decimal) rule;
        if (!value.isNumber()) {
            return false;
        }
        BigDecimal n = value.decimalValue();
        if (n.compareTo(decimal.min()) < 0 || (decimal.max() != null && n.compareTo(decimal.max()) > 0)) {
            return false;
        }
        BigDecimal stripped = n.stripTrailingZeros();
        int fraction = Math.max(stripped.scale(), 0);
        int integer = stripped.precision() - stripped.scale();
        return integer <= decimal.integer() && fraction <= decimal.fraction();
    }

    /** The hostile values every field and parameter gets, by name. */
    static Map<String, JsonNode> hostileValues(int longLength) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("null", NODES.nullNode());
        values.put("an object", NODES.objectNode());
        values.put("an array", NODES.arrayNode().add(1));
        values.put("a boolean", NODES.booleanNode(true));
        values.put("a number", NODES.numberNode(42));
        values.put("a word", NODES.textNode("abc"));
        values.put("empty", NODES.textNode(""));
        values.put("blank", NODES.textNode("   "));
        values.put("negative", NODES.numberNode(-1));
        values.put("zero", NODES.numberNode(0));
        values.put("1e30", NODES.numberNode(new BigDecimal("1e30")));
        values.put("Long.MAX+1", NODES.numberNode(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)));
        values.put("fractional", NODES.numberNode(new BigDecimal("1.5")));
        values.put("three decimals", NODES.numberNode(new BigDecimal("0.001")));
        values.put("very long", NODES.textNode("x".repeat(longLength)));
        values.put("NUL", NODES.textNode("a\u0000b"));
        values.put("other control chars", NODES.textNode("a\u0007\u001Bb"));
        values.put("RTL override", NODES.textNode("abc\u202Edef"));
        values.put("zero-width", NODES.textNode("a\u200Bb\uFEFF"));
        values.put("emoji", NODES.textNode("\uD83D\uDE00\uD83D\uDE9A"));
        values.put("lone surrogate", NODES.textNode("a\uD800b"));
        values.put("SQL injection", NODES.textNode("' OR '1'='1'; DROP TABLE orders; --"));
        values.put("JS injection", NODES.textNode("<script>alert(1)</script>"));
        values.put("path traversal", NODES.textNode("../../../etc/passwd"));
        values.put("format string", NODES.textNode("%s%n%x${jndi:ldap://x}"));
        return values;
    }

    // ---- endpoints -----------------------------------------------------------------------------------------

    /**
     * An endpoint that takes a JSON body. {@code target} receives rejected mutations (a mistaken acceptance
     * there changes shared state, which the snapshot catches); {@code safeTarget} receives valid ones.
     */
    private record BodyEndpoint(String label, String service, String method, String target, Map<String, String> headers,
            String safeTarget, Map<String, String> safeHeaders, Expect validAnswer, String body, String variant,
            Map<String, Rule> rules) {
    }

    private final String referenceKey;
    private final UUID referenceOrder;
    private final UUID referenceSaga;
    private final List<BodyEndpoint> bodyEndpoints = new ArrayList<>();
    private int validNotSent;

    BadInputs(String referenceKey, UUID referenceOrder, UUID referenceSaga) {
        this.referenceKey = referenceKey;
        this.referenceOrder = referenceOrder;
        this.referenceSaga = referenceSaga;
        Map<String, Rule> order = new LinkedHashMap<>();
        order.put("customerId", new Text(64, IDENTIFIER));
        order.put("currency", new Text(3, Pattern.compile("[A-Z]{3}")));
        order.put("lines", new Structure());
        order.put("lines[0]", new Structure());
        order.put("lines[0].sku", new Text(64, IDENTIFIER));
        order.put("lines[0].quantity", new Whole(1, 1000));
        order.put("lines[0].unitPrice", new Decimal(BigDecimal.ZERO, null, 10, 2));
        order.put("shippingAddress", new Structure());
        order.put("shippingAddress.recipient", new Text(200, null));
        order.put("shippingAddress.street", new Text(200, null));
        order.put("shippingAddress.city", new Text(100, null));
        order.put("shippingAddress.postalCode", new Text(20, null));
        order.put("shippingAddress.country", new Text(2, Pattern.compile("[A-Z]{2}")));
        String orderVariant = REFERENCE_ORDER.replace("\"quantity\":1", "\"quantity\":2");
        // rejected order mutations go out without a key and under a fresh one: an acceptance would place an order
        bodyEndpoint("POST /orders", "order-service", "POST", "/orders", Map.of(), "/orders",
                Map.of("Idempotency-Key", referenceKey), Expect.status(422), REFERENCE_ORDER, orderVariant, order);
        bodyEndpoint("POST /orders (Idempotency-Key)", "order-service", "POST", "/orders",
                Map.of("Idempotency-Key", "bad-input-" + UUID.randomUUID()), "/orders",
                Map.of("Idempotency-Key", referenceKey), Expect.status(422), REFERENCE_ORDER, orderVariant, order);
        bodyEndpoint("PUT /stock/{sku}", "inventory-service", "PUT", "/stock/SKU-APPLE", Map.of(),
                "/stock/" + SCRATCH_SKU, Map.of(), Expect.accepted(), "{\"available\":250}", "{\"available\":7}",
                Map.of("available", new Decimal(BigDecimal.ZERO, new BigDecimal("1000000000"), 10, 0)));
        Map<String, Rule> credit = new LinkedHashMap<>();
        credit.put("creditLimit", new Decimal(BigDecimal.ZERO, null, 12, 2));
        credit.put("currency", new Text(3, Pattern.compile("[A-Z]{3}")));
        bodyEndpoint("PUT /customers/{id}", "payment-service", "PUT", "/customers/alice", Map.of(),
                "/customers/" + SCRATCH_CUSTOMER, Map.of(), Expect.accepted(),
                "{\"creditLimit\":1000.00,\"currency\":\"EUR\"}", "{\"creditLimit\":\"12.50\",\"currency\":\"EUR\"}",
                credit);
        bodyEndpoint("PUT /destinations/unserviceable/{country}", "shipping-service", "PUT",
                "/destinations/unserviceable/AQ", Map.of(), "/destinations/unserviceable/" + SCRATCH_COUNTRY, Map.of(),
                Expect.accepted(), "{\"reason\":\"Antarctica: no carrier delivers there\"}",
                "{\"reason\":\"Scratch country of the bad-input suite\"}",
                Map.of("reason", new Text(200, null)));
        // An operator's replay or discard, aimed at saga.events, whose dead-letter topic stays empty (nothing
        // consumes lifecycle events): a valid selection finds no record there (404) and acts on nothing.
        Pattern platformTopic = Pattern.compile(String.join("|", Topics.all().stream().map(Pattern::quote).toList()));
        Map<String, Rule> selection = new LinkedHashMap<>();
        selection.put("topic", new Text(255, platformTopic));
        selection.put("records", new Structure());
        selection.put("records[0]", new Structure());
        selection.put("records[0].partition", new Whole(0, Integer.MAX_VALUE));
        selection.put("records[0].offset", new Whole(0, Long.MAX_VALUE));
        selection.put("reason", new Text(300, null));
        String nothingThere = "{\"topic\":\"" + Topics.SAGA_EVENTS + "\",\"records\":[{\"partition\":0,"
                + "\"offset\":900000000000}],\"reason\":\"bad-input suite\"}";
        String nothingThereEither = nothingThere.replace("900000000000", "900000000001");
        for (String action : List.of("replay", "discard")) {
            bodyEndpoint("POST /dead-letters/" + action, "orchestrator", "POST", "/dead-letters/" + action, Map.of(),
                    "/dead-letters/" + action, Map.of(), Expect.status(404), nothingThere, nothingThereEither,
                    selection);
        }
    }

    private void bodyEndpoint(String label, String service, String method, String target, Map<String, String> headers,
            String safeTarget, Map<String, String> safeHeaders, Expect validAnswer, String body, String variant,
            Map<String, Rule> rules) {
        bodyEndpoints.add(new BodyEndpoint(label, service, method, target, headers, safeTarget, safeHeaders,
                validAnswer, body, variant, rules));
    }

    /** Mutations that are valid input on an endpoint whose acceptance would change state, so were not sent. */
    int validNotSent() {
        return validNotSent;
    }

    List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (BodyEndpoint endpoint : bodyEndpoints) {
            fieldMutations(endpoint, cases);
            wholeBodyMutations(endpoint, cases);
        }
        idempotencyKeyMisuse(cases);
        pathParameters(cases);
        queryParameters(cases);
        operatorActions(cases);
        methodsAndMediaTypes(cases);
        return cases;
    }

    // ---- bodies --------------------------------------------------------------------------------------------

    private void fieldMutations(BodyEndpoint endpoint, List<Case> cases) {
        JsonNode base = parse(endpoint.body());
        for (Map.Entry<String, Rule> field : endpoint.rules().entrySet()) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            values.put("removed", null);
            values.putAll(hostileValues(10_000));
            values.forEach((name, value) -> {
                JsonNode mutated = with(base, field.getKey(), value);
                String caseName = endpoint.label() + ": " + field.getKey() + " " + name;
                if (accepts(field.getValue(), value) && isOrder(endpoint) && field.getKey().equals("customerId")) {
                    // an Idempotency-Key is its customer's own: under another customer's name the reference key is
                    // new, and the order would be placed. Sent by the reference order's customer, the valid name
                    // passes validation (a 400 comes first) and is refused for being someone else's
                    Map<String, String> headers = json(endpoint.safeHeaders());
                    headers.put("Authorization", "Bearer " + Tokens.customer(REFERENCE_CUSTOMER));
                    cases.add(new Case(caseName + " (valid, another customer's)", endpoint.service(),
                            endpoint.method(), endpoint.safeTarget(), headers, bytes(mutated), false,
                            Expect.status(403)));
                } else if (accepts(field.getValue(), value)) {
                    // valid input: where it changes nothing shared, answered as the endpoint answers valid input
                    cases.add(new Case(caseName + " (valid)", endpoint.service(), endpoint.method(),
                            endpoint.safeTarget(), json(endpoint.safeHeaders()), bytes(mutated), false,
                            endpoint.validAnswer()));
                } else {
                    cases.add(new Case(caseName, endpoint.service(), endpoint.method(), endpoint.target(),
                            json(endpoint.headers()), bytes(mutated), false, Expect.rejected()));
                }
            });
        }
        ObjectNode unknownAtRoot = (ObjectNode) base.deepCopy();
        unknownAtRoot.put("unexpected", 1);
        cases.add(new Case(endpoint.label() + ": unknown field", endpoint.service(), endpoint.method(),
                endpoint.target(), json(endpoint.headers()), bytes(unknownAtRoot), false, Expect.rejected()));
        for (String container : endpoint.rules().keySet()) {
            JsonNode node = at(base, container);
            if (node instanceof ObjectNode) {
                JsonNode copy = base.deepCopy();
                ((ObjectNode) at(copy, container)).put("unexpected", "x");
                cases.add(new Case(endpoint.label() + ": unknown field in " + container, endpoint.service(),
                        endpoint.method(), endpoint.target(), json(endpoint.headers()), bytes(copy), false,
                        Expect.rejected()));
            } else if (node instanceof ArrayNode array) {
                JsonNode tooMany = base.deepCopy();
                ArrayNode lines = (ArrayNode) at(tooMany, container);
                for (int i = 0; i < 100; i++) {
                    lines.add(array.get(0).deepCopy());
                }
                cases.add(new Case(endpoint.label() + ": " + container + " with 101 items", endpoint.service(),
                        endpoint.method(), endpoint.target(), json(endpoint.headers()), bytes(tooMany), false,
                        Expect.rejected()));
                JsonNode withNull = base.deepCopy();
                ((ArrayNode) at(withNull, container)).addNull();
                cases.add(new Case(endpoint.label() + ": " + container + " with a null item", endpoint.service(),
                        endpoint.method(), endpoint.target(), json(endpoint.headers()), bytes(withNull), false,
                        Expect.rejected()));
            }
        }
    }

    private static boolean isOrder(BodyEndpoint endpoint) {
        return endpoint.service().equals("order-service") && endpoint.safeTarget().equals("/orders");
    }

    private void wholeBodyMutations(BodyEndpoint e, List<Case> cases) {
        String valid = e.variant();
        Map<String, byte[]> malformed = new LinkedHashMap<>();
        malformed.put("truncated JSON", utf8(valid.substring(0, valid.length() - 5)));
        malformed.put("trailing garbage", utf8(valid + "}garbage"));
        malformed.put("two documents", utf8(valid + valid));
        malformed.put("single quotes", utf8(valid.replace('"', '\'')));
        malformed.put("a comment", utf8("/* hi */" + valid));
        malformed.put("NaN", utf8(withFirstNumber(valid, "NaN")));
        malformed.put("invalid UTF-8", concat(utf8(valid.substring(0, valid.length() - 3)), new byte[] { (byte) 0xC3,
                (byte) 0x28, '"', '}' }));
        malformed.put("a 2000-digit number", utf8(withFirstNumber(valid, "9".repeat(2000))));
        malformed.put("deeply nested", utf8("[".repeat(20_000) + "]".repeat(20_000)));
        malformed.put("root is an array", utf8("[" + valid + "]"));
        malformed.put("root is a string", utf8("\"x\""));
        malformed.put("root is a number", utf8("42"));
        malformed.put("root is true", utf8("true"));
        malformed.put("root is null", utf8("null"));
        malformed.put("empty body", new byte[0]);
        malformed.put("whitespace body", utf8("  \n "));
        // sent where an acceptance changes nothing shared: it shows as 422 (orders) or 2xx (admin) instead of 400
        malformed.forEach((name, body) -> cases.add(new Case(e.label() + ": " + name, e.service(), e.method(),
                e.safeTarget(), json(e.safeHeaders()), body, false, Expect.status(400))));
        // the same media-type, size and charset mistakes on a valid body, where an acceptance changes nothing
        byte[] padded = utf8(valid + " ".repeat(OVERSIZED));
        cases.add(new Case(e.label() + ": oversized body", e.service(), e.method(), e.safeTarget(), json(e.safeHeaders()),
                padded, false, Expect.status(413)));
        cases.add(new Case(e.label() + ": oversized body, chunked without Content-Length", e.service(), e.method(),
                e.safeTarget(), json(e.safeHeaders()), padded, true, Expect.status(413)));
        cases.add(new Case(e.label() + ": byte order mark (valid)", e.service(), e.method(), e.safeTarget(),
                json(e.safeHeaders()), concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, utf8(valid)), false,
                e.validAnswer()));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            Map<String, String> headers = new LinkedHashMap<>(e.safeHeaders());
            headers.put("Content-Type", type);
            cases.add(new Case(e.label() + ": Content-Type " + type, e.service(), e.method(), e.safeTarget(), headers,
                    utf8(valid), false, Expect.status(415)));
        }
        cases.add(new Case(e.label() + ": no Content-Type", e.service(), e.method(), e.safeTarget(), e.safeHeaders(),
                utf8(valid), false, Expect.status(415)));
        Map<String, String> xml = json(e.safeHeaders());
        xml.put("Accept", "application/xml");
        cases.add(new Case(e.label() + ": Accept application/xml", e.service(), e.method(), e.safeTarget(), xml,
                utf8(valid), false, Expect.status(406)));
    }

    private void idempotencyKeyMisuse(List<Case> cases) {
        String variant = REFERENCE_ORDER.replace("\"quantity\":1", "\"quantity\":3");
        cases.add(order("Idempotency-Key reused with another body", referenceKey, variant, Expect.status(422)));
        cases.add(order("Idempotency-Key of 201 characters", "k".repeat(201), variant, Expect.status(400)));
        cases.add(order("Idempotency-Key with spaces", "my key", variant, Expect.status(400)));
        cases.add(order("Idempotency-Key empty", "", variant, Expect.status(400)));
        cases.add(order("Idempotency-Key valid, body invalid", "bad-input-" + UUID.randomUUID(),
                REFERENCE_ORDER.replace("\"quantity\":1", "\"quantity\":0"), Expect.status(400)));
    }

    private static Case order(String name, String key, String body, Expect expect) {
        Map<String, String> headers = json(Map.of());
        headers.put("Idempotency-Key", key);
        return new Case("POST /orders: " + name, "order-service", "POST", "/orders", headers, utf8(body), false, expect);
    }

    // ---- parameters ----------------------------------------------------------------------------------------

    private static Map<String, String> parameterValues() {
        Map<String, String> values = new LinkedHashMap<>();
        hostileValues(2000).forEach((name, node) -> {
            if (!node.isContainerNode() && !node.isNull()) {
                values.put(name, node.isTextual() ? node.textValue() : node.asText());
            }
        });
        values.put("a random UUID", UUID.randomUUID().toString());
        values.put("an encoded slash", "a/b");
        values.put("percent", "100%");
        return values;
    }

    private void pathParameters(List<Case> cases) {
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("GET /orders/{id}", "order-service /orders/");
        reads.put("GET /sagas/{id}", "orchestrator /sagas/");
        reads.put("GET /stock/{sku}", "inventory-service /stock/");
        reads.put("GET /reservations/{orderId}", "inventory-service /reservations/");
        reads.put("GET /customers/{id}", "payment-service /customers/");
        reads.put("GET /authorizations/{orderId}", "payment-service /authorizations/");
        reads.put("GET /shipments/{orderId}", "shipping-service /shipments/");
        reads.forEach((label, where) -> parameterValues().forEach((name, value) -> {
            String[] w = where.split(" ");
            cases.add(new Case(label + ": " + name, w[0], "GET", w[1] + BadRestInputIT.encode(value), Map.of(), null,
                    false, Expect.noServerError()));
        }));
        // writes: a valid path value would create or change a row, so only the invalid ones are sent
        Map<String, Rule> identifier = Map.of("x", new Text(64, IDENTIFIER));
        writePath(cases, "PUT /stock/{sku}", "inventory-service", "PUT", "/stock/", "{\"available\":1}",
                identifier.get("x"));
        writePath(cases, "PUT /customers/{id}", "payment-service", "PUT", "/customers/",
                "{\"creditLimit\":1.00,\"currency\":\"EUR\"}", identifier.get("x"));
        // no value of the list is an ISO 3166 code, so every one must be refused (400) or be unknown (404)
        writePath(cases, "PUT /destinations/unserviceable/{country}", "shipping-service", "PUT",
                "/destinations/unserviceable/", "{\"reason\":\"r\"}", new Text(2, Pattern.compile("(?!)")));
        writePath(cases, "DELETE /destinations/unserviceable/{country}", "shipping-service", "DELETE",
                "/destinations/unserviceable/", null, new Text(2, Pattern.compile("(?!)")));
    }

    private void writePath(List<Case> cases, String label, String service, String method, String prefix, String body,
            Rule rule) {
        parameterValues().forEach((name, value) -> {
            if (accepts(rule, NODES.textNode(value))) {
                validNotSent++;
                return;
            }
            cases.add(new Case(label + ": " + name, service, method, prefix + BadRestInputIT.encode(value),
                    body == null ? Map.of() : json(Map.of()), body == null ? null : utf8(body), false,
                    Expect.rejected()));
        });
    }

    private void queryParameters(List<Case> cases) {
        query(cases, "GET /orders", "order-service", "/orders",
                params("customerId", "alice", "offset", "0", "limit", "10"));
        query(cases, "GET /customers", "payment-service", "/customers", params("offset", "0", "limit", "10"));
        query(cases, "GET /shipments", "shipping-service", "/shipments",
                params("status", "SCHEDULED", "offset", "0", "limit", "10"));
        query(cases, "GET /sagas", "orchestrator", "/sagas", params("status", "COMPENSATED", "type", "place-order",
                "version", "2", "key", referenceOrder.toString(), "orderId", referenceOrder.toString(), "from", "2020-01-01T00:00:00Z", "to", "2100-01-01T00:00:00Z",
                "stuckFor", "PT5M", "page", "0", "size", "10"));
        query(cases, "GET /sagas/stats", "orchestrator", "/sagas/stats", params("window", "PT15M", "stuckFor", "PT1M"));
        query(cases, "GET /dead-letters", "orchestrator", "/dead-letters",
                params("topic", Topics.SAGA_EVENTS, "status", "PENDING", "limit", "10"));
        query(cases, "GET /sagas/series", "orchestrator", "/sagas/series", params("window", "PT15M", "buckets", "30"));
        query(cases, "GET /sagas/heatmap", "orchestrator", "/sagas/heatmap",
                params("type", "place-order", "version", "2", "window", "PT15M"));
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static void query(List<Case> cases, String label, String service, String path, Map<String, String> valid) {
        for (String param : valid.keySet()) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("removed", null);
            values.putAll(parameterValues());
            values.forEach((name, value) -> {
                StringBuilder query = new StringBuilder();
                valid.forEach((p, v) -> {
                    String actual = p.equals(param) ? value : v;
                    if (actual != null) {
                        query.append(query.length() == 0 ? "?" : "&").append(p).append('=')
                                .append(BadRestInputIT.encode(actual));
                    }
                });
                cases.add(new Case(label + ": " + param + " " + name, service, "GET", path + query, Map.of(), null,
                        false, Expect.noServerError()));
            });
        }
    }

    // ---- operator actions, methods, media types ------------------------------------------------------------

    private void operatorActions(List<Case> cases) {
        for (String action : List.of("retry", "compensate", "abort")) {
            String label = "POST /sagas/{id}/" + action;
            parameterValues().forEach((name, value) -> cases.add(new Case(label + ": id " + name, "orchestrator",
                    "POST", "/sagas/" + BadRestInputIT.encode(value) + "/" + action, json(Map.of()),
                    utf8("{\"reason\":\"r\"}"), false, Expect.rejected())));
            String target = "/sagas/" + referenceSaga + "/" + action;
            // the reference saga is COMPENSATED: a valid action is refused with 409, an invalid one with 400
            cases.add(new Case(label + ": valid, on a finished saga", "orchestrator", "POST", target, json(Map.of()),
                    utf8("{\"reason\":\"r\"}"), false, Expect.status(409)));
            if (!action.equals("retry")) {
                Map<String, JsonNode> reasons = new LinkedHashMap<>(hostileValues(301));
                reasons.forEach((name, reason) -> {
                    ObjectNode body = NODES.objectNode();
                    body.set("reason", reason);
                    cases.add(new Case(label + ": reason " + name, "orchestrator", "POST", target, json(Map.of()),
                            bytes(body), false, Expect.rejected()));
                });
                cases.add(new Case(label + ": unknown field", "orchestrator", "POST", target, json(Map.of()),
                        utf8("{\"reason\":\"r\",\"force\":true}"), false, Expect.status(400)));
                cases.add(new Case(label + ": truncated JSON", "orchestrator", "POST", target, json(Map.of()),
                        utf8("{\"reason\":"), false, Expect.status(400)));
                cases.add(new Case(label + ": Content-Type text/plain", "orchestrator", "POST", target,
                        Map.of("Content-Type", "text/plain"), utf8("r"), false, Expect.status(415)));
                cases.add(new Case(label + ": oversized body", "orchestrator", "POST", target, json(Map.of()),
                        utf8("{\"reason\":\"r\"}" + " ".repeat(OVERSIZED)), false, Expect.status(413)));
            }
        }
    }

    private void methodsAndMediaTypes(List<Case> cases) {
        String[][] notAllowed = {
                { "order-service", "PATCH", "/orders" }, { "order-service", "DELETE", "/orders" },
                { "order-service", "PUT", "/orders/" + referenceOrder }, { "order-service", "DELETE", "/orders/" + referenceOrder },
                { "inventory-service", "PATCH", "/stock/SKU-APPLE" }, { "inventory-service", "DELETE", "/stock/SKU-APPLE" },
                { "inventory-service", "POST", "/stock/SKU-APPLE" }, { "inventory-service", "DELETE", "/reservations/" + referenceOrder },
                { "payment-service", "POST", "/customers/alice" }, { "payment-service", "DELETE", "/customers/alice" },
                { "payment-service", "PUT", "/authorizations/" + referenceOrder },
                { "shipping-service", "PATCH", "/destinations/unserviceable/AQ" },
                { "shipping-service", "POST", "/destinations/unserviceable/AQ" },
                { "shipping-service", "PUT", "/shipments/" + referenceOrder },
                { "orchestrator", "DELETE", "/sagas/" + referenceSaga }, { "orchestrator", "PUT", "/sagas/" + referenceSaga },
                { "orchestrator", "GET", "/sagas/" + referenceSaga + "/abort" },
                { "orchestrator", "GET", "/dead-letters/replay" }, { "orchestrator", "DELETE", "/dead-letters" } };
        for (String[] m : notAllowed) {
            cases.add(new Case(m[1] + " " + m[2].replace(referenceOrder.toString(), "{order}")
                    .replace(referenceSaga.toString(), "{saga}") + ": method not allowed", m[0], m[1], m[2],
                    Map.of("Content-Type", "application/json"), m[1].equals("GET") || m[1].equals("DELETE") ? null
                            : utf8("{}"), false, Expect.status(405)));
        }
        String[][] reads = { { "order-service", "/orders/" + referenceOrder }, { "inventory-service", "/stock/SKU-APPLE" },
                { "payment-service", "/customers/alice" }, { "shipping-service", "/shipments?limit=1" },
                { "orchestrator", "/sagas/" + referenceSaga } };
        for (String[] r : reads) {
            for (String accept : List.of("application/xml", "text/plain")) {
                cases.add(new Case("GET " + r[1].replace(referenceOrder.toString(), "{order}")
                        .replace(referenceSaga.toString(), "{saga}") + ": Accept " + accept, r[0], "GET", r[1],
                        Map.of("Accept", accept), null, false, Expect.status(406)));
            }
        }
    }

    /** Removes the scratch country again (the scratch SKU and customer stay, and are excluded by name). */
    void cleanUp(PlatformStack stack) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                stack.url("shipping-service") + "/destinations/unserviceable/" + SCRATCH_COUNTRY))
                .header("Authorization", "Bearer " + Tokens.admin())
                .timeout(Duration.ofSeconds(10)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new IllegalStateException("Could not remove scratch country: " + response.statusCode());
        }
    }

    // ---- JSON helpers --------------------------------------------------------------------------------------

    private static Map<String, String> json(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        return all;
    }

    /** {@code json} with its first number (or numeric string) replaced by {@code literal}, or a body made of it. */
    private static String withFirstNumber(String json, String literal) {
        String replaced = json.replaceFirst(":(\"?[0-9.]+\"?)", ":" + literal);
        return replaced.equals(json) ? "{\"value\":" + literal + "}" : replaced;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // a lone surrogate cannot be written as UTF-8: send it escaped, as a client may
            try {
                return ESCAPING.writeValueAsBytes(node);
            } catch (JsonProcessingException again) {
                throw new IllegalStateException(again);
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The node at {@code path} ({@code a.b[0].c}). */
    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                node = node.get(part);
            } else {
                node = node.get(part.substring(0, bracket)).get(Integer.parseInt(part.substring(bracket + 1,
                        part.length() - 1)));
            }
        }
        return node;
    }

    /** A copy of {@code root} with the field at {@code path} set to {@code value}, or removed when it is null. */
    private static JsonNode with(JsonNode root, String path, JsonNode value) {
        JsonNode copy = root.deepCopy();
        int dot = path.lastIndexOf('.');
        String parentPath = dot < 0 ? null : path.substring(0, dot);
        String last = dot < 0 ? path : path.substring(dot + 1);
        JsonNode parent = parentPath == null ? copy : at(copy, parentPath);
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            parent = parent.get(last.substring(0, bracket));
            int index = Integer.parseInt(last.substring(bracket + 1, last.length() - 1));
            if (value == null) {
                ((ArrayNode) parent).remove(index);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        } else if (value == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return copy;
    }
}
