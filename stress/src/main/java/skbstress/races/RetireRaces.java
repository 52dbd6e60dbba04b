package skbstress.races;

import java.lang.reflect.Method;
import java.util.function.Supplier;
import skbstress.api.SkbOps;

/**
 * Races at the end of a struct's generations: a struct whose handle generation would come round again is
 * retired instead of freed (I-USERS-2), and its cache counts it out. The model has no retirement; on it the
 * same frees are plain frees, and both sides must end quiet: nothing live, nothing lost.
 */
public final class RetireRaces {
    private RetireRaces() {}

    /** Two skbs whose structs are in their last lives (the implementation's test hook), each with its holder. */
    public static final class LastLives {
        final SkbOps ops;
        final long[] skbs = new long[2];

        LastLives(SkbOps ops, boolean model) {
            this.ops = ops;
            if (model) {
                skbs[0] = ops.allocSkb(64, false);
                skbs[1] = ops.allocSkb(64, false);
                return;
            }
            long a = ops.allocSkb(64, false);
            long b = ops.allocSkb(64, false);
            Object da = desc(ops, a);
            Object db = desc(ops, b);
            ops.free(a);
            ops.free(b);
            age(ops, da);
            age(ops, db);
            skbs[0] = ops.allocSkb(64, false);
            skbs[1] = ops.allocSkb(64, false);
            boolean same = desc(ops, skbs[0]) == db && desc(ops, skbs[1]) == da; // the magazine is LIFO
            if (!same) {
                throw new IllegalStateException("the aged structs were not handed out again: no race to run");
            }
        }

        /** The struct behind a handle, through the implementation's test hook (its own class, canaries too). */
        private static Object desc(SkbOps ops, long h) {
            try {
                Method m = ops.getClass().getDeclaredMethod("descForTest", long.class);
                m.setAccessible(true);
                return m.invoke(ops, h);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no descForTest hook on " + ops.getClass().getName(), e);
            }
        }

        /** Ages a dead struct so that its next life is its last (2^31 - 2 lives after its first generation). */
        private static void age(SkbOps ops, Object desc) {
            try {
                Method m = ops.getClass().getDeclaredMethod("ageForTest", desc.getClass(), long.class);
                m.setAccessible(true);
                m.invoke(null, desc, (1L << 31) - 2);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no ageForTest hook on " + ops.getClass().getName(), e);
            }
        }
    }

    /**
     * Two holders free, at once, the last lives of two structs: both structs retire, and the cache's count
     * of retired objects must take both (one atomic add each), or the cache believes one object is still
     * out: a leak that never was. Observations: each free released its skb (1); then whether everything is
     * quiet (no live object) and the snapshot keeps the model's invariants.
     */
    public static final class TwoRetireAtOnce implements Race<LastLives> {
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
                return Races.bit(s.ops.free(s.skbs[actor]));
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
