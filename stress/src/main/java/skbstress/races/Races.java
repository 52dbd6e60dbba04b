package skbstress.races;

import java.util.EnumSet;
import java.util.Set;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.Outcome;
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

    /**
     * A jcstress test's outcome table: its own, or, for a canary, its race's ({@code @JCStressMeta}), so
     * that a canary is always judged by exactly the table its race passes.
     */
    public static Outcome[] outcomes(Class<?> test) {
        JCStressMeta meta = test.getAnnotation(JCStressMeta.class);
        return (meta != null ? meta.value() : test).getAnnotationsByType(Outcome.class);
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
