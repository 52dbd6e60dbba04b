package skbstress.races;

import java.util.function.Supplier;

import java.util.concurrent.atomic.AtomicInteger;
import skbstress.api.SkbOps;

/**
 * Races on dataref. The data's release is observable: the skbs are zero-copy slices of a driver buffer
 * whose driver reference is already dropped, so the buffer's free function runs exactly when the last
 * data reference goes.
 */
public final class DatarefRaces {
    private DatarefRaces() {}

    /** An skb whose head's release calls {@code released.incrementAndGet()}. */
    public static final class Observed {
        final SkbOps ops;
        final AtomicInteger released = new AtomicInteger();
        final long skb;
        long other;
        /** A second clone, taken during the race. */
        volatile long other2;

        Observed(SkbOps ops) {
            this.ops = ops;
            long buf = ops.createDriverBuffer(1024, b -> released.incrementAndGet());
            this.skb = ops.makeZeroCopySkb(buf, 64, 512);
            ops.releaseDriverBuffer(buf);
        }
    }

    abstract static class Base implements Race<Observed> {
        final SkbOps impl;

        Base(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        /** The observed skb and one clone of it. */
        final Observed withClone(boolean model) {
            Observed s = new Observed(model ? Races.model() : impl);
            beforeClone(s);
            s.other = s.ops.clone(s.skb);
            return s;
        }

        /** What happens to the original before it is cloned: nothing, unless a race says so. */
        void beforeClone(Observed s) {
        }

    }

    /** The original and its clone freed on two threads: the data is released once, after both. */
    public static class OrigAndCloneFreed extends Base {
        public OrigAndCloneFreed(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        public Observed setUp(boolean model) {
            return withClone(model);
        }

        @Override
        public int act(Observed s, int actor, int step) {
            return Races.bit(s.ops.free(actor == 0 ? s.skb : s.other));
        }

        @Override
        public int[] settle(Observed s) {
            return new int[] {s.released.get()};
        }
    }

    /** A clone taken from the original while another clone of the same data is freed. */
    public static final class CloneWhileOtherCloneFreed extends Base {
        public CloneWhileOtherCloneFreed(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        public Observed setUp(boolean model) {
            return withClone(model);
        }

        @Override
        public int act(Observed s, int actor, int step) {
            if (actor == 0) {
                long taken = s.ops.clone(s.skb);
                s.other2 = taken;
                return 1;
            }
            return Races.bit(s.ops.free(s.other));
        }

        @Override
        public int[] settle(Observed s) {
            int dataref = s.ops.view(s.skb).dataref();
            s.ops.free(s.skb);
            s.ops.free(s.other2);
            return new int[] {dataref, s.released.get()};
        }
    }

    /** A header-released (nohdr) original and its clone freed together: the same frees, after headerRelease. */
    public static final class NohdrOrigAndCloneFreed extends OrigAndCloneFreed {
        public NohdrOrigAndCloneFreed(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        void beforeClone(Observed s) {
            s.ops.headerRelease(s.skb);
        }
    }
}
