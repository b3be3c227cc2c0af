package io.sagaplatform.order.api;

/** Request bodies the API tests send. */
final class OrderRequests {

    private OrderRequests() {
    }

    static String valid(String customerId) {
        return """
                {"customerId":"%s","currency":"EUR",
                 "lines":[{"sku":"SKU-APPLE","quantity":2,"unitPrice":1.25},{"sku":"SKU-PEAR","quantity":1,"unitPrice":0.40}],
                 "shippingAddress":{"recipient":"Alice","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"FR"}}
                """.formatted(customerId);
    }
}
