package skbstress.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * skb refcounting over a small population. One skb starts with users 4, a reference for each thread id;
 * threads take more references (skb_get), drop them (kfree_skb, consume_skb), clone what they hold (the
 * clones share its data: dataref), replace a shared skb by a private clone (skb_share_check), make a
 * fresh skb, release its header and clone it (the TCP transmit pattern, nohdr dataref), ask whether
 * their skb is cloned, and hand references to each other. A thread only uses references it holds, as
 * the kernel requires. Results: "released" when a free destroyed the struct, "kept" otherwise.
 *
 * <p>skb_share_check answers only "ok": it is a check followed by a clone and a free, not one atomic
 * step, so two sharers may both clone where a serial order would let the second keep the original; both
 * ends are correct, and what each holder can observe afterwards is the same.
 */
@Needs(skbstress.api.subject.Capability.SKB_OPS)
@Param(name = "t", gen = ThreadIdGen.class)
public class RefcountLincheck extends SkbScenario {
    static final int THREADS = 2;
    /** Two holders' frees racing (users 3 to 1), then the last holder's; clones and share checks racing. */
    static final java.util.List<String> CUSTOM = java.util.List.of("free / free | free / free",
            "clone / free shareCheck | clone free / cloned free", "/ headerRelease handOff | takeHandedOff free / free");
    /**
     * A get and a free racing a free, whose compare-and-set can fail and be retried twice: a bug there needs
     * three context switches. Its canary (DeepRefcountLincheck) was found after about 450 to 1,000
     * invocations in five runs (45 to 98 s of model checking, 2026-12-01), so the full profile searches 3,000.
     */
    static final java.util.List<String> DEEP = java.util.List.of("/ get free | free /");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("refcount", "Users", RefcountLincheck.class, Spec.class).shape(2, 3, 1, 1)
            .budget(6, 200, 1000).checkingObstructionFreedom().protects("I-USERS-2 I-USERS-3 I-DATA-2 I-DATA-3").custom(CUSTOM)
            .deep(3000, 100, DEEP).cost(16, 0.6);

    public RefcountLincheck() {
        this(impl());
    }

    protected RefcountLincheck(SkbOps ops) {
        super(ops, new Holdings(THREADS + 2, 8, 1));
        long a = ops.allocSkb(128, false);
        ops.getMany(a, THREADS + 1);
        for (int t = 0; t < THREADS + 2; t++) {
            held.push(t, a);
        }
    }

    @Operation
    public String get(@Param(name = "t") int t) {
        long h = held.peek(t);
        if (h == Holdings.NONE || held.full(t)) {
            return h == Holdings.NONE ? "none" : "full";
        }
        try {
            ops.get(h);
        } catch (SkbException e) {
            return code(e);
        }
        held.push(t, h);
        return "ok";
    }

    @Operation
    public String free(@Param(name = "t") int t) {
        return drop(held.pop(t), false);
    }

    @Operation
    public String consume(@Param(name = "t") int t) {
        return drop(held.pop(t), true);
    }

    @Operation
    public String clone(@Param(name = "t") int t) {
        long h = held.peek(t);
        if (h == Holdings.NONE || held.full(t)) {
            return h == Holdings.NONE ? "none" : "full";
        }
        try {
            held.push(t, ops.clone(h));
            return "ok";
        } catch (SkbException e) {
            return code(e);
        }
    }

    @Operation
    public String shareCheck(@Param(name = "t") int t) {
        long h = held.pop(t);
        if (h == Holdings.NONE) {
            return "none";
        }
        try {
            held.push(t, ops.shareCheck(h));
            return "ok";
        } catch (SkbException e) {
            return code(e);
        }
    }

    /** A fresh skb, its header released (nohdr), then cloned: both held (dataref 0x10002). */
    @Operation
    public String headerRelease(@Param(name = "t") int t) {
        if (held.full(t)) {
            return "full";
        }
        long a = ops.allocSkb(128, false);
        ops.headerRelease(a);
        held.push(t, a);
        if (held.full(t)) {
            return "ok";
        }
        held.push(t, ops.clone(a));
        return "ok, cloned";
    }

    @Operation
    public String cloned(@Param(name = "t") int t) {
        long h = held.peek(t);
        if (h == Holdings.NONE) {
            return "none";
        }
        return ops.cloned(h) ? "cloned" : "not cloned";
    }

    /** Hands this thread's newest reference to whichever thread takes it. */
    @Operation
    public String handOff(@Param(name = "t") int t) {
        return held.handOff(t, 0);
    }

    @Operation
    public String takeHandedOff(@Param(name = "t") int t) {
        if (held.full(t)) {
            return "full";
        }
        long h = held.take(0);
        if (h == Holdings.NONE) {
            return "none";
        }
        held.push(t, h);
        return "ok";
    }

    @Override
    protected void release(long h) {
        ops.free(h);
    }

    @Validate
    public void quiescent() {
        checkQuiescent();
    }

    public static final class Spec extends RefcountLincheck {
        public Spec() {
            super(model());
        }
    }
}
