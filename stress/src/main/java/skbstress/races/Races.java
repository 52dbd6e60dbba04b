package skbstress.races;

import java.util.EnumSet;
import java.util.Set;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.Fault;
import skbstress.impl.SkbImpl;
import skbstress.model.SkbModel;

/** Helpers the races share. */
public final class Races {
    private Races() {}

    /** What an actor reports for a refused call. */
    public static final int REFUSED = -1;

    public static SkbImpl impl(Set<Fault> faults) {
        return new SkbImpl(SkbConfig.UNBOUNDED, faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults),
                false);
    }

    public static SkbOps model() {
        return new SkbModel();
    }

    /** 1 when the call went through, {@link #REFUSED} when it was refused. */
    public static int ok(Runnable call) {
        try {
            call.run();
            return 1;
        } catch (SkbException e) {
            return REFUSED;
        }
    }

    public static int bit(boolean b) {
        return b ? 1 : 0;
    }

    /** Live objects of a cache, exact at quiescence, on either side. */
    public static int live(SkbOps ops, int cache) {
        return ops instanceof SkbImpl impl ? impl.stats(cache).allocated() : ops.snapshot().caches().get(cache).live();
    }

    /** users of a live skb, or REFUSED when it is not live. */
    public static int users(SkbOps ops, long skb) {
        try {
            return ops.view(skb).users();
        } catch (SkbException e) {
            return REFUSED;
        }
    }
}
