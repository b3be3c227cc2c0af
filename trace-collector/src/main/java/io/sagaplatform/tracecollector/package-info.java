/**
 * A development and test trace sink: receives OTLP/HTTP exports, keeps spans in memory by trace, and shows a
 * trace back as JSON or as an indented tree. The local stack's answer to "what happened to this order", with
 * no Docker and no Jaeger; the end-to-end tests' way to see what five processes did.
 */
package io.sagaplatform.tracecollector;
