package skbstress.lincheck;

import skbstress.api.SkbConfig;
import skbstress.api.SkbDiagnostics;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.SkbImpl;
import skbstress.model.InvariantChecker;
import skbstress.model.SkbModel;

/**
 * What the skb scenarios share. A scenario class runs its operations on an {@link SkbOps}: the Lincheck
 * test instance on the implementation, its {@code Spec} subclass on the model, so the model is the
 * sequential specification through the very same operation code. Results are words ("released",
 * "kept", an error code's name), never handles, which differ between the two sides.
 */
public abstract class SkbScenario {
    /**
     * Objects each thread caches per slab cache in the scenarios: small, so that a few operations reach
     * the shared depot.
     */
    public static final int MAGAZINE = 2;

    protected final SkbOps ops;
    protected final Holdings held;

    protected SkbScenario(SkbOps ops, Holdings held) {
        this.ops = ops;
        this.held = held;
    }

    /**
     * The run's subject's skb operations: ours with small magazines, or another subject's (a scenario that
     * states {@code @Needs(SKB_OPS)} runs on any subject with them).
     */
    protected static SkbOps impl() {
        return skbstress.races.Races.skbOps(() -> new SkbImpl(SkbConfig.UNBOUNDED, false, MAGAZINE));
    }

    /** A canary with small magazines (see skbstress.canary.Canaries). */
    protected static SkbOps canary(java.util.function.BiFunction<SkbConfig, Integer, SkbOps> make) {
        return make.apply(SkbConfig.UNBOUNDED, MAGAZINE);
    }

    protected static SkbModel model() {
        return new SkbModel();
    }

    protected static String code(SkbException e) {
        return e.code().name();
    }

    /** Releases one reference left in the holdings at the end of a scenario. */
    protected abstract void release(long h);

    /**
     * Frees {@code h} until it is refused (it was released, or the rest is a list's reference): for scenarios
     * whose handles may still carry several references at the end. Bounded, so a broken subject that never
     * refuses cannot hang the check.
     */
    protected final void freeUntilRefused(long h) {
        for (int i = 0; i < 1 << 12; i++) {
            try {
                ops.free(h);
            } catch (SkbException e) {
                return;
            }
        }
    }

    /**
     * Drops reference {@code h} (kfree_skb, or consume_skb): "none" without one, "released" when it was
     * the last, "kept" when others remain, or the refusal's code.
     */
    protected final String drop(long h, boolean consume) {
        if (h == Holdings.NONE) {
            return "none";
        }
        try {
            return (consume ? ops.consume(h) : ops.free(h)) ? "released" : "kept";
        } catch (SkbException e) {
            return code(e);
        }
    }

    /**
     * Whether the end-of-scenario check takes snapshots and runs every invariant of {@code specs/} on them
     * (stress mode), or only drains and counts what is left alive (model checking, where Lincheck analyses
     * the check itself too and a snapshot would cost ten times the scenario). Set by {@link LincheckSuite}
     * before each run; runs are sequential.
     */
    static volatile boolean fullCheck = true;

    /**
     * The end-of-scenario check on the implementation (a {@code @Validate} method calls it): every invariant
     * holds on the quiescent state, and once every reference still held is released, every cache of both
     * arenas is back to zero live objects, with no warning.
     */
    protected final void checkQuiescent() {
        if (!(ops instanceof SkbDiagnostics impl)) {
            return; // the model checks itself on every step
        }
        InvariantChecker checker = fullCheck ? new InvariantChecker() : null;
        if (checker != null) {
            checker.check(ops.snapshot());
        }
        for (long h : held.drain()) {
            release(h);
        }
        if (checker != null) {
            checker.check(ops.snapshot());
        }
        skbstress.api.LeakReport leaks = impl.leaks();
        if (!leaks.isEmpty()) {
            throw new LeaksAtQuiescence("at quiescence, after releasing every reference held: " + leaks.text(), leaks);
        }
    }
}
