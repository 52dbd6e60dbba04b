package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;

/**
 * Races of the allocator's debug mode (poison): a freed object is filled with a poison pattern, and an
 * allocation that finds the pattern overwritten (a write through a dangling pointer) counts a violation.
 * The model has no poison; on it the same allocations are plain ones, and the count's observation is 1.
 */
public final class PoisonRaces {
    private PoisonRaces() {}

    /** Overwritten objects each allocator takes: four chances per sample for the two counts to meet. */
    static final int EACH = 4;

    /**
     * A debug-mode implementation (magazines of two, so that each refill takes one object) whose depot's
     * top {@code 2 * EACH} objects were written after they were freed, through the allocator's own view of
     * their bytes.
     */
    public static final class Overwritten {
        final SkbOps ops;
        final boolean model;
        final int cache;
        final long[] got = new long[2 * EACH];

        Overwritten(SkbOps ops, boolean model) {
            this.ops = ops;
            this.model = model;
            this.cache = ops.createCache("poisoned", 64, 0, null, 0);
            java.util.Arrays.fill(got, -1);
            if (model) {
                return;
            }
            long[] freed = new long[2 * EACH];
            for (int k = 0; k < freed.length; k++) {
                freed[k] = ops.cacheAlloc(cache);
            }
            for (long h : freed) {
                ops.cacheFree(cache, h);
                scribble(h);
            }
            if (!(ops instanceof skbstress.api.SkbDiagnostics d)) {
                throw new IllegalStateException(ops.getClass().getName() + " cannot give its magazines back");
            }
            d.releaseThreadCaches(); // all to the depot's top, where the two allocators' refills find them
        }

        /** One byte written into a freed object's poison. */
        private void scribble(long h) {
            ImplHooks.scribble(ops, cache, h, 5, (byte) 42);
        }

        /** The implementation's count of violations (all of them on the model, which has none to count). */
        int violationsSeen() {
            if (model) {
                return 2 * EACH;
            }
            return ImplHooks.poisonViolations(ops);
        }
    }

    /**
     * Two threads allocate at once, {@code EACH} objects each, every refill of their magazines taking one of
     * the overwritten objects: each allocation finds the poison broken and counts it, and the count must take
     * all of them (one atomic add each). Observations: each thread's allocations went through (1); then
     * whether every violation was counted (always 1 on the model), and, after the objects are freed, whether
     * everything is quiet.
     */
    public static final class TwoFindOverwrittenPoison implements Race<Overwritten> {
        @Override
        public boolean oursOnly() {
            return true; // it writes freed memory through the slab view
        }

        private final Supplier<SkbOps> subject;

        public TwoFindOverwrittenPoison(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public Overwritten setUp(boolean model) {
            return new Overwritten(model ? Races.model() : subject.get(), model);
        }

        @Override
        public int act(Overwritten s, int actor, int step) {
            return Races.ok(() -> {
                for (int k = 0; k < EACH; k++) {
                    s.got[actor * EACH + k] = s.ops.cacheAlloc(s.cache);
                }
            });
        }

        @Override
        public int[] settle(Overwritten s) {
            int counted = Races.bit(s.violationsSeen() == 2 * EACH);
            for (long h : s.got) {
                if (h != -1) {
                    s.ops.cacheFree(s.cache, h);
                }
            }
            return new int[] {counted, Races.quiet(s.ops)};
        }
    }
}
