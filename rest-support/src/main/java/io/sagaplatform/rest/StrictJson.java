package io.sagaplatform.rest;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly: {@code 1.5} is not a quantity of 1 and a missing primitive is not zero.
 * A client's mistake is reported (400), never silently rounded. Numbers written as strings stay accepted:
 * {@code "250.00"} is the exact way to send money in JSON. A body is one JSON document: anything after it
 * ({@code {...}garbage}, a second document) is refused, not silently ignored.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
