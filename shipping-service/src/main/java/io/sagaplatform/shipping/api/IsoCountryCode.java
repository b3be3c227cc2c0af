package io.sagaplatform.shipping.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.sagaplatform.shipping.domain.CountryCodes;

/**
 * An ISO 3166-1 alpha-2 country code (upper case, as on the wire). Checked here so a bad code is a 400 problem
 * naming the field, before the domain would refuse it.
 */
@Documented
@Constraint(validatedBy = IsoCountryCode.Validator.class)
@Target({ PARAMETER, FIELD })
@Retention(RUNTIME)
public @interface IsoCountryCode {

    String message() default "must be an ISO 3166-1 alpha-2 country code such as FR";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<IsoCountryCode, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || CountryCodes.isIsoAlpha2(value);
        }
    }
}
