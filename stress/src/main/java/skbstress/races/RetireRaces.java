package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;

/**
 * Races at the end of a struct's generations: a struct whose handle generation would come round again is
 * retired instead of freed (I-USERS-2), and its cache counts it out. The model has no retirement; on it the
 * same frees are plain frees, and both sides must end quiet: nothing live, nothing lost.
 */
public final class RetireRaces {
    private RetireRaces() {}

    /** Structs each holder frees in its last life: four chances per sample for the two counts to meet. */
    static final int EACH = 4;

    /** Skbs whose structs are in their last lives (the implementation's test hook), {@code EACH} per holder. */
    public static final class LastLives {
        final SkbOps ops;
        final long[] skbs = new long[2 * EACH];

        LastLives(SkbOps ops, boolean model) {
            this.ops = ops;
            if (model) {
                for (int k = 0; k < skbs.length; k++) {
                    skbs[k] = ops.allocSkb(64, false);
                }
                return;
            }
            long[] first = new long[skbs.length];
            java.util.Set<Object> aged = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int k = 0; k < first.length; k++) {
                first[k] = ops.allocSkb(64, false);
                aged.add(ImplHooks.desc(ops, first[k]));
            }
            for (long h : first) {
                ops.free(h);
            }
            for (Object d : aged) {
                ImplHooks.age(ops, d, (1L << 31) - 2); // its next life is its last
            }
            for (int k = 0; k < skbs.length; k++) {
                skbs[k] = ops.allocSkb(64, false);
                if (!aged.contains(ImplHooks.desc(ops, skbs[k]))) { // the magazine hands the freed structs back first
                    throw new IllegalStateException("an aged struct was not handed out again: no race to run");
                }
            }
        }
    }

    /**
     * Two holders free, at once, the last lives of their structs ({@code EACH} each): every struct retires,
     * and the cache's count of retired objects must take every one (one atomic add each), or the cache
     * believes an object is still out: a leak that never was. Observations: each holder's frees released
     * their skbs (1); then whether everything is quiet (no live object) and the snapshot keeps the model's
     * invariants.
     */
    public static final class TwoRetireAtOnce implements Race<LastLives> {
        @Override
        public boolean oursOnly() {
            return true; // it ages structs through the test hook
        }

        private final Supplier<SkbOps> subject;

        public TwoRetireAtOnce(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public LastLives setUp(boolean model) {
            return new LastLives(model ? Races.model() : subject.get(), model);
        }

        @Override
        public int act(LastLives s, int actor, int step) {
            try {
                boolean all = true;
                for (int k = 0; k < EACH; k++) {
                    all &= s.ops.free(s.skbs[actor * EACH + k]);
                }
                return Races.bit(all);
            } catch (skbstress.api.SkbException e) {
                return Races.REFUSED;
            }
        }

        @Override
        public int[] settle(LastLives s) {
            return new int[] {Races.quiet(s.ops), Races.consistent(s.ops)};
        }
    }
}
