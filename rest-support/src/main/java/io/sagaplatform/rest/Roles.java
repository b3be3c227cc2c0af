package io.sagaplatform.rest;

/**
 * The platform's roles, carried in the bearer token's {@code groups} claim. Who may do what is declared on
 * each resource with {@code @RolesAllowed}; the README's access table lists it.
 */
public final class Roles {

    /** A shopper: places orders and reads their own (the token's subject is the customer id). */
    public static final String CUSTOMER = "customer";
    /** Staff who watch sagas and act on them, and may read every service's state. */
    public static final String OPERATOR = "operator";
    /** Staff who may also change reference data: stock, credit lines, serviceable destinations. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
