package skbstress.races;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import skbstress.api.SkbOps;

/**
 * Implementations for races whose states each need one of their own (misuse on a broken variant must
 * not spread to the next state). Making one costs tens of microseconds, which would cut jcstress's
 * samples a hundredfold; so a state's implementation is reused by a later state, but only when the
 * state's settle found nothing alive and nothing warned about on it. One that did not is dropped.
 */
final class Instances {
    /** Idle implementations kept at most: about what one jcstress stride of these states needs. */
    private static final int KEEP = 512;

    private final Supplier<SkbOps> make;
    private final ConcurrentLinkedQueue<SkbOps> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    Instances(Supplier<SkbOps> make) {
        this.make = make;
    }

    /** An implementation for one state: an idle one, or a new one. */
    SkbOps take() {
        SkbOps ops = idle.poll();
        if (ops == null) {
            return make.get();
        }
        idleCount.decrementAndGet();
        return ops;
    }

    /**
     * Whether nothing is left alive on {@code ops} (1) or something is (0); in the first case it is kept
     * for a later state. Call it once per state, last in its settle.
     */
    int quietThenRecycle(SkbOps ops) {
        int quiet = Races.quiet(ops);
        if (quiet == 1 && idleCount.incrementAndGet() <= KEEP) {
            idle.offer(ops);
        } else if (quiet == 1) {
            idleCount.decrementAndGet();
        }
        return quiet;
    }
}
