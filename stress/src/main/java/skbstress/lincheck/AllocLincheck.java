package skbstress.lincheck;

import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;

/**
 * A subject's object allocator (P-SUBJ-1), whatever the subject: threads allocate (up to {@link #MOST} held
 * each), free what they hold, and hand an object through a shared slot to a thread that frees it (the free
 * on another thread, where per-thread caches go wrong). An allocation that returns an object some holder
 * still has answers "handed to two"; no serial order gives that. At quiescence a counting subject's
 * {@code outstanding()} equals the objects held. Each call runs in the allocator's {@code session} (Netty's
 * Recycler pools on FastThreadLocal threads only). The specification is the same bookkeeping over the
 * sequential reference allocator.
 */
@Needs(Capability.OBJECT_ALLOCATOR)
@Param(name = "t", gen = ThreadIdGen.class)
public class AllocLincheck {
    static final int THREAD_IDS = 4;
    /** Objects a thread may hold at once. */
    static final int MOST = 2;
    /** A free and a reuse on two threads; a cross-thread free racing the owner's next allocations. */
    static final java.util.List<String> CUSTOM = java.util.List.of("alloc / free alloc | alloc alloc /",
            "alloc / handOff alloc | freeHandedOff alloc / alloc");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("alloc", "Alloc", AllocLincheck.class, Spec.class).shape(2, 3, 1, 1)
            .budget(5, 160, 800).protects("P-SUBJ-1").custom(CUSTOM).cost(14, 1);

    private final ObjectAllocator allocator;
    /** Each thread id's objects, and one pool slot for the hand-off, as handles of {@link #tokens}. */
    private final Holdings held = new Holdings(THREAD_IDS, MOST, 1);
    private final Tokens tokens = new Tokens();
    private final Handed handed = new Handed();

    public AllocLincheck() {
        this(() -> skbstress.races.Races.subject().newAllocator());
    }

    protected AllocLincheck(Supplier<ObjectAllocator> subject) {
        allocator = subject.get();
    }

    @Operation
    public String alloc(@Param(name = "t") int t) {
        if (held.full(t)) {
            return "full";
        }
        Object[] got = new Object[1];
        allocator.session(() -> got[0] = allocator.alloc());
        held.push(t, tokens.of(got[0]));
        return handed.add(got[0]) ? "ok" : "handed to two";
    }

    @Operation
    public String free(@Param(name = "t") int t) {
        Object o = tokens.get(held.pop(t));
        return o == null ? "none" : giveBack(o);
    }

    /** Moves this thread's newest object to the shared slot, for another thread to free. */
    @Operation
    public String handOff(@Param(name = "t") int t) {
        return held.handOff(t, 0);
    }

    /** Frees on this thread the object another thread handed off. */
    @Operation
    public String freeHandedOff(@Param(name = "t") int t) {
        Object o = tokens.get(held.take(0));
        return o == null ? "none" : giveBack(o);
    }

    private String giveBack(Object o) {
        handed.remove(o); // before the free: once it is free, another thread may be handed it
        allocator.session(() -> allocator.free(o));
        return "ok";
    }

    /** A counting subject's outstanding objects are the ones held or in the slot, once no call runs. */
    @Validate
    public void quiescent() {
        long outstanding = allocator.outstanding();
        if (outstanding >= 0 && outstanding != handed.size()) {
            throw new IllegalStateException("P-SUBJ-1: " + outstanding + " objects outstanding, but "
                    + handed.size() + " held");
        }
    }

    /** The sequential specification: the same bookkeeping over the reference allocator. */
    public static final class Spec extends AllocLincheck {
        public Spec() {
            super(skbstress.subject.Reference::allocator);
        }
    }
}
