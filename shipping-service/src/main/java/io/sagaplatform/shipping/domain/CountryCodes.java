package io.sagaplatform.shipping.domain;

import java.util.Locale;
import java.util.Set;

/**
 * ISO 3166-1 alpha-2 country codes, as the JDK knows them. An operator listing an unserviceable country by a
 * code no address can carry ({@code XX}, {@code UK}) would believe a rule is in force that never applies.
 */
public final class CountryCodes {

    private static final Set<String> ISO_3166_ALPHA_2 = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    private CountryCodes() {
    }

    public static boolean isIsoAlpha2(String code) {
        return code != null && ISO_3166_ALPHA_2.contains(code);
    }
}
