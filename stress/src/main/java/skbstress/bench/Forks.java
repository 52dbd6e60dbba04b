package skbstress.bench;

/** JVM options of every benchmark fork, shared so that ours and Netty's run under the same flags. */
final class Forks {
    /** Netty's FastThreadLocal fast path needs its own thread type; JMH's default executor does not make one. */
    static final String EXECUTOR = "-Djmh.executor=CUSTOM";
    static final String EXECUTOR_CLASS = "-Djmh.executor.class=skbstress.bench.FastThreadLocalExecutor";
    /**
     * Netty's default leak detector samples one buffer in 128 and records a stack trace for it and for every
     * buffer derived from it: a fork whose setup buffer is sampled measured 1.7 us and 1.5 KB per
     * retainedDuplicate instead of 16 ns and 0 B. Off, as in Netty's own microbenchmarks; ours
     * runs at its default level, off, except in LeakDetectionBenchmarks, which measures each level.
     */
    static final String NO_LEAK_DETECTION = "-Dio.netty.leakDetection.level=disabled";
    /**
     * A young generation small enough to be reused within the warmup. With the default one (a quarter of this
     * machine's memory) a benchmark that allocates, new byte[2048], touched fresh pages for its whole run and
     * measured the VM's page faults: 8.5 us per array, and 0.3 us in the one iteration where a collection ran.
     * The other benchmarks allocate nothing, so it changes nothing for them.
     */
    static final String YOUNG_GEN = "-Xmn64m";

    private Forks() {}
}
