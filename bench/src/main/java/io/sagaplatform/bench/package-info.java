/**
 * The benchmark of the running local stack: an open-loop load generator (fixed arrival rate, latency from each
 * order's intended send time to its saga's end, HdrHistogram), per-process CPU and memory from {@code /proc},
 * a knee search, and an idle measurement. No framework: it shares two cores with what it measures.
 */
package io.sagaplatform.bench;
