package skbstress.cli;

import java.util.List;
import java.util.TreeSet;

/**
 * How long {@code skbstress bench} measures: forks, iterations, and the thread counts of the scaling chart.
 * Quick has to stay under four minutes on the 2-core reference machine: one fork, and many short iterations
 * rather than few long ones, since JMH's error is a 99.9% interval whose width falls with the count.
 */
enum BenchProfile {
    QUICK(1, 4, 400, 8, 400, false),
    FULL(3, 5, 1000, 10, 1000, true);

    /** Seconds a fork takes to start and stop around its iterations (JMH's own, -Xshare:off, on 2 cores). */
    static final double FORK_SECONDS = 1.5;

    final int forks;
    final int warmupIterations;
    final int warmupMillis;
    final int measurementIterations;
    final int measurementMillis;
    /** Whether the scaling chart also measures as many threads as the machine has (quick: 1 and 2 only). */
    final boolean allCpus;

    BenchProfile(int forks, int warmupIterations, int warmupMillis, int measurementIterations, int measurementMillis,
                 boolean allCpus) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.measurementIterations = measurementIterations;
        this.measurementMillis = measurementMillis;
        this.allCpus = allCpus;
    }

    /** Thread counts of the scaling chart on a machine with {@code cpus} CPUs, ascending, each once. */
    List<Integer> threads(int cpus) {
        TreeSet<Integer> t = new TreeSet<>(List.of(1, 2));
        if (allCpus) {
            t.add(Math.max(1, cpus));
        }
        return List.copyOf(t);
    }

    /** Seconds one benchmark takes (one thread count), forks included. */
    double secondsPerBenchmark() {
        return forks * (FORK_SECONDS + (warmupIterations * warmupMillis + measurementIterations * measurementMillis)
                / 1000.0);
    }

    /** JMH's settings, as the report prints them. */
    String describe() {
        return String.format(java.util.Locale.ROOT, "%d fork%s, warmup %d x %d ms, measurement %d x %d ms", forks,
                forks == 1 ? "" : "s", warmupIterations, warmupMillis, measurementIterations, measurementMillis);
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
