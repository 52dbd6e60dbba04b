package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Races of skb extensions (specs/ext.md). */
public final class ExtRaces {
    private ExtRaces() {}

    /** An skb with extension 0 = 1 and its clone, sharing one skb_ext (refcnt 2). */
    public static final class Shared {
        final SkbOps ops;
        final long[] skbs = new long[2];
        final long shared;

        Shared(SkbOps ops) {
            this.ops = ops;
            skbs[0] = ops.allocSkb(64, false);
            ops.extAdd(skbs[0], 0, 1);
            skbs[1] = ops.clone(skbs[0]);
            shared = ops.snapshot().skbs().get(skbs[0]).ext();
        }
    }

    /**
     * Each sharer writes its own value (2 and 3) into extension 0 at once, then reads it back. A writer that finds
     * the skb_ext shared copies it first; the second may find it private already and write in place. Observations:
     * the value each reads; then 0 when each holds a private skb_ext and the shared one is either one of them or
     * freed, 1 otherwise (a write seen by the other, or a leaked skb_ext).
     */
    public static final class TwoSharersWrite implements Race<Shared> {
        private final SkbOps impl;

        public TwoSharersWrite(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Shared setUp(boolean model) {
            return new Shared(model ? Races.model() : impl);
        }

        @Override
        public int steps(int actor) {
            return 2;
        }

        @Override
        public int act(Shared s, int actor, int step) {
            if (step == 0) {
                return Races.ok(() -> s.ops.extAdd(s.skbs[actor], 0, 2 + actor));
            }
            return s.ops.extFind(s.skbs[actor], 0);
        }

        @Override
        public int[] settle(Shared s) {
            Snapshot snap = s.ops.snapshot();
            long a = snap.skbs().get(s.skbs[0]).ext();
            long b = snap.skbs().get(s.skbs[1]).ext();
            // the second writer may find the shared one already private (the first copied and put it) and keep it
            boolean ok = a != 0 && b != 0 && a != b && snap.exts().get(a).refcnt() == 1
                    && snap.exts().get(b).refcnt() == 1
                    && (a == s.shared || b == s.shared || !snap.exts().containsKey(s.shared));
            s.ops.free(s.skbs[0]);
            s.ops.free(s.skbs[1]);
            return new int[] {ok ? 0 : 1};
        }
    }
}
