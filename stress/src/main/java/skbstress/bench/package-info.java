/**
 * JMH benchmarks of the implementation's fast paths, with Netty's pooled allocator in the same run as
 * the comparison. Built into {@code stress/target/skbstress-benchmarks.jar}; see the README for the
 * command. Benchmark threads are Netty {@code FastThreadLocalThread}s ({@link
 * skbstress.bench.FastThreadLocalExecutor}), so Netty's thread-local caches take their fast path.
 */
package skbstress.bench;
