package skbstress.job;

/**
 * How a running test tells the job that it is still making progress. Every call counts as progress for
 * the {@link Watchdog}: a test that makes none of these calls for the job's stall bound (30 s unless
 * {@code --hang-after} says otherwise) is stopped as hung, with a thread dump in the report.
 *
 * <p>Call {@link #beat()} at least every few seconds from whatever does the work: once per step, round or
 * batch of operations. It is cheap enough for every operation of a soak thread (one {@code LongAdder}
 * increment), but once per batch is plenty. Any thread may call any method.
 */
public interface TestProgress {
    /** A unit of work was done (a step, a round, some operations). */
    void beat();

    /** What the test is doing now (shown on the progress line, and named in a hang report). */
    void current(String what);

    /** How far the test is, from 0 to 1 (drives the progress bar). */
    void fraction(double done);

    /** Progress that goes nowhere: for a test run outside the job (replay, unit tests). */
    TestProgress NONE = new TestProgress() {
        @Override
        public void beat() {}

        @Override
        public void current(String what) {}

        @Override
        public void fraction(double done) {}
    };
}
