/**
 * Every REST error of every service is an RFC 9457 {@code application/problem+json} document with a
 * status, a title and a detail that says what to fix — including the errors the framework raises before
 * any resource runs (malformed JSON, wrong media type, unknown route, oversized body). Bad input gets a
 * 4xx and changes nothing; a 500 is a defect and says so.
 */
package io.sagaplatform.rest;
