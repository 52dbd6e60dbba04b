package skbstress.lincheck;

import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import skbstress.api.subject.Capability;
import skbstress.api.subject.SharedViews;

/**
 * A subject's views over shared data (P-SUBJ-3), whatever the subject: one data area, one view held by
 * each of the two parallel threads; they derive more views (up to {@link #MOST} held each), read the data
 * through them, drop them, and hand one to the other thread (a clone queued to another CPU). Every read
 * must see the bytes the data was made with, in whichever order views were dropped; a data area freed
 * while a view holds it shows as a failed or changed read, or a refused drop. At quiescence a counting
 * subject has the data live while any view is held, and freed once the last one is dropped.
 */
@Needs(Capability.SHARED_VIEWS)
@Param(name = "t", gen = ThreadIdGen.class)
public class ViewsLincheck {
    static final int THREAD_IDS = 4;
    /** Views a thread may hold at once. */
    static final int MOST = 3;
    static final byte[] CONTENT = {11, 22, 33, 44, 55, 66, 77, 88};
    /** The two last views dropped at once, then read; a view handed over while its source is dropped. */
    static final java.util.List<String> CUSTOM = java.util.List.of("/ release read | release read /",
            "/ derive handOff release | takeHandedOff read release / read",
            "/ derive release read | derive release release /");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("views", "Views", ViewsLincheck.class, Spec.class).shape(2, 3, 0, 1)
            .budget(3, 80, 600).protects("P-SUBJ-3").custom(CUSTOM).cost(52, 1.4);

    private final SharedViews views;
    /** Each thread id's views, and one pool slot for the hand-off, as handles of {@link #tokens}. */
    private final Holdings held = new Holdings(THREAD_IDS, MOST, 1);
    private final Tokens tokens = new Tokens();

    public ViewsLincheck() {
        this(() -> skbstress.races.Races.subject().newSharedViews());
    }

    protected ViewsLincheck(Supplier<SharedViews> subject) {
        views = subject.get();
        Object first = views.createWith(CONTENT);
        held.push(1, tokens.of(first));
        held.push(2, tokens.of(views.derive(first)));
    }

    /** This thread's newest view, or null. */
    private Object newest(int t) {
        return tokens.get(held.peek(t));
    }

    @Operation
    public String derive(@Param(name = "t") int t) {
        Object parent = newest(t);
        if (parent == null || held.full(t)) {
            return parent == null ? "none" : "full";
        }
        held.push(t, tokens.of(views.derive(parent)));
        return "ok";
    }

    @Operation
    public String release(@Param(name = "t") int t) {
        Object view = tokens.get(held.pop(t));
        if (view == null) {
            return "none";
        }
        views.release(view);
        return "ok";
    }

    /** Reads, through this thread's newest view, the byte at its own index. */
    @Operation
    public int read(@Param(name = "t") int t) {
        Object view = newest(t);
        return view == null ? -1 : views.read(view, t);
    }

    /** Moves this thread's newest view to the shared slot, for another thread to take. */
    @Operation
    public String handOff(@Param(name = "t") int t) {
        return held.handOff(t, 0);
    }

    @Operation
    public String takeHandedOff(@Param(name = "t") int t) {
        if (held.full(t)) {
            return "full";
        }
        long view = held.take(0);
        if (view == Holdings.NONE) {
            return "none";
        }
        held.push(t, view);
        return "ok";
    }

    /** A counting subject's data is live exactly while a view is held or in the slot, once no call runs. */
    @Validate
    public void quiescent() {
        long live = views.liveData();
        int viewsOut = held.count();
        if (live >= 0 && live != (viewsOut > 0 ? 1 : 0)) {
            throw new IllegalStateException("P-SUBJ-3: " + live + " data areas live with " + viewsOut
                    + " views held");
        }
    }

    /** The sequential specification: the same bookkeeping over the reference views. */
    public static final class Spec extends ViewsLincheck {
        public Spec() {
            super(skbstress.subject.Reference::views);
        }
    }
}
