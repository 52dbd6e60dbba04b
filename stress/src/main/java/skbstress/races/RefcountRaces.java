package skbstress.races;

import java.util.function.Supplier;

import skbstress.api.Refcount;
import skbstress.api.SkbOps;

/** refcount_t saturation under racing increments. */
public final class RefcountRaces {
    private RefcountRaces() {}

    /** An skb whose users is REFCOUNT_MAX; each run has its own implementation (the skb is leaked). */
    public static final class AtMax {
        final SkbOps ops;
        final long skb;

        AtMax(SkbOps ops) {
            this.ops = ops;
            this.skb = ops.allocSkb(64, false);
            ops.getMany(skb, Refcount.MAX - 1);
        }
    }

    /**
     * Two increments race past REFCOUNT_MAX: the counter saturates and the skb is never freed (I-REF-2).
     * Observations: both increments went through; users is REFCOUNT_SATURATED; a free does not release.
     */
    public static final class SaturationRacingIncrements implements Race<AtMax> {
        private final Supplier<SkbOps> subject;

        public SaturationRacingIncrements(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public AtMax setUp(boolean model) {
            return new AtMax(model ? Races.model() : subject.get());
        }


        @Override
        public int act(AtMax s, int actor, int step) {
            return Races.ok(() -> s.ops.get(s.skb));
        }

        @Override
        public int[] settle(AtMax s) {
            int saturated = Races.bit(Races.users(s.ops, s.skb) == Refcount.SATURATED);
            return new int[] {saturated, Races.bit(s.ops.free(s.skb))};
        }
    }
}
