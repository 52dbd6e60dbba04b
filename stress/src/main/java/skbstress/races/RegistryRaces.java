package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;

/**
 * Races on the registry of threads' magazines (P-SLAB-1). A thread is added to the registry when it
 * first uses an instance, and a thread that has ended is removed by whichever thread next registers or
 * takes statistics; both replace the registry's array with a compare-and-set. A removal that overwrote
 * a registration made meanwhile would lose the registered thread's magazine: its free objects would be
 * counted as allocated (a leak nobody made) and never come back. The model has no magazines; on it the
 * same allocations and frees are plain, and both sides must end quiet.
 */
public final class RegistryRaces {
    private RegistryRaces() {}

    /** An instance that a thread used and then ended, leaving a free skb struct in its magazine. */
    public static final class AfterAnEndedThread {
        final SkbOps ops;

        AfterAnEndedThread(SkbOps ops, boolean model) {
            this.ops = ops;
            if (model) {
                return; // no registry to leave anything in
            }
            Thread t = new Thread(() -> ops.free(ops.allocSkb(64, false)), "registry-race-ended");
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the ended thread ran", e);
            }
        }
    }

    /**
     * Two threads use the instance for the first time at once, after another thread ended: each registers,
     * and one of them (whichever takes it) removes the ended thread, while the other adds itself. Each
     * then allocates and frees an skb, which leaves the struct in its magazine. Observations: each
     * holder's free released its skb (1); then whether everything is quiet (no object counted live) and
     * the snapshot keeps the model's invariants.
     */
    public static final class TwoRegisterAfterAnEnd implements Race<AfterAnEndedThread> {
        @Override
        public boolean oursOnly() {
            return true; // it counts our thread registry
        }

        private final Supplier<SkbOps> subject;

        public TwoRegisterAfterAnEnd(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public AfterAnEndedThread setUp(boolean model) {
            return new AfterAnEndedThread(model ? Races.model() : subject.get(), model);
        }

        @Override
        public int act(AfterAnEndedThread s, int actor, int step) {
            try {
                return Races.bit(s.ops.free(s.ops.allocSkb(64, false)));
            } catch (skbstress.api.SkbException e) {
                return Races.REFUSED;
            }
        }

        @Override
        public int[] settle(AfterAnEndedThread s) {
            return new int[] {Races.quiet(s.ops), Races.consistent(s.ops)};
        }
    }
}
