package io.sagaplatform.shipping.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A country no carrier serves, and why; scheduling to it is refused with that reason. */
@Entity
@Table(name = "unserviceable_destinations")
public class UnserviceableDestination {

    static final int MAX_REASON_LENGTH = 200;

    @Id
    private String country;

    @Column(nullable = false)
    private String reason;

    protected UnserviceableDestination() {
    }

    public UnserviceableDestination(String country, String reason) {
        if (!CountryCodes.isIsoAlpha2(country)) {
            throw new IllegalArgumentException("not an ISO 3166-1 alpha-2 country code: " + country);
        }
        this.country = country;
        changeReason(reason);
    }

    public void changeReason(String newReason) {
        String stripped = newReason == null ? "" : newReason.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("a reason of 1 to " + MAX_REASON_LENGTH + " characters is required");
        }
        this.reason = stripped;
    }

    public String country() {
        return country;
    }

    public String reason() {
        return reason;
    }
}
