package io.sagaplatform.shipping.domain;

import java.util.Optional;

/** The countries no carrier serves, kept as data so an operator can change them without a release. */
@FunctionalInterface
public interface UnserviceableCountries {

    /** Why {@code country} is not served, or empty when it is. */
    Optional<String> reasonFor(String country);
}
