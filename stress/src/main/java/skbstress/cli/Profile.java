package skbstress.cli;

import java.time.Duration;
import java.util.List;
import skbstress.lincheck.LincheckSuite;

/**
 * What a profile runs and how long things take on the 2-core reference machine, which is what the plan
 * and the budget check use.
 */
enum Profile {
    /**
     * Every test, briefly: under four minutes. jcstress runs each race in its three JVM configurations with the
     * JIT left alone (-sc false: no per-actor split compilation) for 200 ms each: a fork per configuration
     * costs about 0.3 s, and split compilation's nine compile modes per configuration alone took 5.8 s a race,
     * with a tenth of the samples (the full profile has them). Per test: 0.84 s measured (55 tests in 46 s, JVM
     * start included, 2026-12-02), planned at 1.2 s for a slower machine.
     */
    QUICK(Duration.ofSeconds(240), List.of("-m", "sanity", "-sc", "false", "-time", "200", "-iters", "1", "-jvmArgs",
            "-Xss4m"), 1.2,
            LincheckSuite.Profile.QUICK, 2_000, 2_000, Duration.ofSeconds(5)),
    /**
     * jcstress's quick mode in every JVM configuration, ten times the Lincheck budget, an hour of soak: the
     * two soaks, at least half an hour each (about 113 minutes of tests before them, in a budget of 3h3m).
     */
    FULL(Duration.ofMinutes(183), List.of("-m", "quick"), 81, LincheckSuite.Profile.FULL, 20_000, 20_000,
            Duration.ofMinutes(30));

    final Duration defaultBudget;
    final List<String> jcstressOptions;
    /** Seconds one jcstress test takes with these options (measured on 2 cores). */
    final double jcstressSecondsPerTest;
    final LincheckSuite.Profile lincheck;
    /** Steps of one differential seed. */
    final int differentialSteps;
    /** Operations per thread of one concurrent soak round. */
    final int soakOpsPerThread;
    /** The least time of each soak; the soaks share what the budget leaves, each at least this. */
    final Duration minSoak;

    Profile(Duration defaultBudget, List<String> jcstressOptions, double jcstressSecondsPerTest,
            LincheckSuite.Profile lincheck, int differentialSteps, int soakOpsPerThread, Duration minSoak) {
        this.defaultBudget = defaultBudget;
        this.jcstressOptions = jcstressOptions;
        this.jcstressSecondsPerTest = jcstressSecondsPerTest;
        this.lincheck = lincheck;
        this.differentialSteps = differentialSteps;
        this.soakOpsPerThread = soakOpsPerThread;
        this.minSoak = minSoak;
    }

    String label() {
        return name().toLowerCase();
    }
}
