package skbstress.races;

/**
 * A race, stated once in model terms: a state set up before it, what each actor does (a few
 * operations; its observation, an int), and what an observer sees once every actor is done (which also
 * releases what the race left). The jcstress test of the race runs the actors concurrently on the
 * implementation; {@code OutcomeTablesTest} runs them on the model in every interleaving of their
 * operations, and the jcstress outcome table must list exactly the outcomes the model produces.
 *
 * @param <S> the state of one run
 */
public interface Race<S> {
    /** A fresh state: on a new model when {@code model}, else on the implementation. */
    S setUp(boolean model);

    /**
     * Two: jcstress needs a CPU per actor and silently runs nothing when it has fewer (CI has 2), so
     * {@code OutcomeTablesTest} allows no other number.
     */
    default int actors() {
        return 2;
    }

    /**
     * {@link #setUp} on the implementation, as a jcstress state runs it: a set-up that throws (a broken
     * implementation refusing its own first calls, say) gives a null state, which every actor and the
     * observer report as {@link Races#CRASHED}, a FORBIDDEN outcome, rather than an error of the test.
     */
    default S setUpForRun() {
        try {
            return setUp(false);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            return null;
        }
    }

    /** The capabilities it needs of the subject it runs on: every skb operation, unless it says otherwise. */
    default java.util.Set<skbstress.api.subject.Capability> needs() {
        return java.util.EnumSet.of(skbstress.api.subject.Capability.SKB_OPS);
    }

    /**
     * Whether it reaches into our implementation (its test hooks, its slab view, its thread registry), so
     * that it runs on ours only.
     */
    default boolean oursOnly() {
        return false;
    }

    /** How many operations actor {@code actor} performs (the model interleaves them one by one). */
    default int steps(int actor) {
        return 1;
    }

    /** Operation {@code step} of actor {@code actor}; the last one's value is what the actor observed. */
    int act(S s, int actor, int step);

    /**
     * Everything actor {@code actor} does, in program order (what its jcstress actor runs). A refusal the
     * race did not expect (a broken implementation's, say) is an observation, {@link Races#UNEXPECTED},
     * which no model run produces, so the outcome is FORBIDDEN, as is a corruption report by name
     * ({@link Races#CORRUPT}), and so is any other exception, assertion or stack overflow, a crash
     * ({@link Races#CRASHED}): a broken implementation shows as the forbidden outcome it causes, not as an
     * error of the test.
     */
    default int run(S s, int actor) {
        if (s == null) {
            return Races.CRASHED; // the set-up crashed
        }
        int seen = 0;
        try {
            for (int k = 0; k < steps(actor); k++) {
                seen = act(s, actor, k);
            }
        } catch (skbstress.api.SkbException e) {
            return Races.UNEXPECTED;
        } catch (IllegalStateException e) { // the implementation reported itself corrupt, by name
            return Races.CORRUPT;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            return Races.CRASHED;
        }
        return seen;
    }

    /** What an observer sees after every actor; then releases what is left. */
    int[] settle(S s);

    /**
     * {@link #settle} as the jcstress arbiter runs it: a crash while observing is an outcome too, every
     * field {@link Races#CRASHED} (more fields than any race observes).
     */
    default int[] observe(S s) {
        try {
            if (s == null) {
                throw new IllegalStateException("the set-up crashed");
            }
            return settle(s);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            int[] crashed = new int[8];
            java.util.Arrays.fill(crashed, Races.CRASHED);
            return crashed;
        }
    }
}
