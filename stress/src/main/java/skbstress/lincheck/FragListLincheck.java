package skbstress.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * A member skb and a head per thread, with the model as specification: any thread adds the member to its
 * head's frag_list, frees the member or takes a reference on it, whether the caller may or not. Each call
 * must be accepted as the model accepts it in some serial order, or refused with the same code: an add
 * racing the caller's free of the member's one reference goes through and the free is refused
 * (FREE_IN_USE), or the free releases it and the add is refused (USE_AFTER_FREE), never both refused; two
 * adds give the member to one list (INVALID_ARGUMENT). The heads are freed only at the end, each releasing
 * its list: a head's free racing an add into that head is a known gap, not linearizable yet (specs/frags.md,
 * I-FRAG-2). A list's release racing another add of its member is jcstress FragList_03's.
 *
 * <p>Results are words ("released", "kept", "ok", an error code's name), never handles.
 */
@Needs(skbstress.api.subject.Capability.SKB_OPS)
@Param(name = "t", gen = ThreadIdGen.class)
public class FragListLincheck extends SkbScenario {
    /** The add racing the caller's free, two lists taking the member, and a held reference besides. */
    static final java.util.List<String> CUSTOM = java.util.List.of("/ add | free /", "/ add | add /",
            "get / add free | free add /");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("fraglist", "FragList", FragListLincheck.class, Spec.class)
            .shape(2, 3, 1, 1).budget(3, 100, 500).checkingObstructionFreedom().protects("I-FRAG-2 I-USERS-2")
            .custom(CUSTOM).cost(58, 1.2);

    /** Lincheck's thread ids: 0 before the parallel part, 1 and 2 in it, 3 after. */
    static final int THREAD_IDS = 4;
    private final long member;
    private final long[] heads = new long[THREAD_IDS];

    public FragListLincheck() {
        this(impl());
    }

    protected FragListLincheck(SkbOps ops) {
        super(ops, new Holdings(1, 1, 1));
        for (int t = 0; t < THREAD_IDS; t++) {
            heads[t] = ops.allocSkb(64, false);
        }
        member = ops.allocSkb(64, false);
        ops.put(member, new byte[] {1, 2, 3, 4});
    }

    /** Adds the member to this thread's head: no two threads ever edit one head. */
    @Operation
    public String add(@Param(name = "t") int t) {
        try {
            ops.addFragList(heads[t], member);
            return "ok";
        } catch (SkbException e) {
            return code(e);
        }
    }

    @Operation
    public String free() {
        return drop(member, false);
    }

    @Operation
    public String get() {
        try {
            ops.get(member);
            return "ok";
        } catch (SkbException e) {
            return code(e);
        }
    }

    /** Drops every reference left on {@code h}: until it is refused (on a list, or released). */
    @Override
    protected void release(long h) {
        freeUntilRefused(h);
    }

    @Validate
    public void quiescent() {
        for (long h : heads) {
            release(h); // a head's release drops its list's reference on the member
        }
        release(member);
        checkQuiescent();
    }

    public static final class Spec extends FragListLincheck {
        public Spec() {
            super(model());
        }
    }
}
