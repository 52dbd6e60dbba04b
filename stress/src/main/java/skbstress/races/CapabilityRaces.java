package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.ReferenceCount;
import skbstress.api.subject.SharedViews;
import skbstress.subject.Reference;

/**
 * Races on a subject's capabilities (P-SUBJ-1..3), whatever the subject: ours, a peer, a user's. On the
 * model side they run on the capabilities' sequential reference semantics ({@link Reference}), from which
 * their outcome tables come. Each race makes one capability instance for its samples; each sample gets
 * fresh objects from it.
 */
public final class CapabilityRaces {
    private CapabilityRaces() {}

    /** An object with two references, one per holder. */
    public static final class TwoRefs {
        final ReferenceCount r;
        final Object o;
        /** Whether the first of actor 0's two drops freed the object. */
        boolean freedFirst;

        TwoRefs(ReferenceCount r) {
            this.r = r;
            this.o = r.create();
            r.retain(o);
        }
    }

    /**
     * Two holders drop their references to one object at once: exactly one drop frees it, whichever comes
     * second. Observations: each drop freed it (1) or not (0).
     */
    public static final class TwoHoldersDrop implements Race<TwoRefs> {
        @Override
        public java.util.Set<Capability> needs() {
            return java.util.EnumSet.of(Capability.REFERENCE_COUNT);
        }

        private final ReferenceCount subject;

        public TwoHoldersDrop(Supplier<ReferenceCount> subject) {
            this.subject = subject.get();
        }

        @Override
        public TwoRefs setUp(boolean model) {
            return new TwoRefs(model ? Reference.views() : subject);
        }

        @Override
        public int act(TwoRefs s, int actor, int step) {
            return Races.bit(s.r.release(s.o));
        }

        @Override
        public int[] settle(TwoRefs s) {
            return new int[0];
        }
    }

    /**
     * One holder takes a second reference and drops both while the other holder drops its one: of the four
     * drops exactly one frees the object, the last. Observations: whether one of the actor's drops freed it.
     */
    public static final class RetainRacesDrop implements Race<TwoRefs> {
        @Override
        public java.util.Set<Capability> needs() {
            return java.util.EnumSet.of(Capability.REFERENCE_COUNT);
        }

        private final ReferenceCount subject;

        public RetainRacesDrop(Supplier<ReferenceCount> subject) {
            this.subject = subject.get();
        }

        @Override
        public TwoRefs setUp(boolean model) {
            return new TwoRefs(model ? Reference.views() : subject);
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 3 : 1;
        }

        @Override
        public int act(TwoRefs s, int actor, int step) {
            if (actor == 0 && step == 0) {
                s.r.retain(s.o);
                return 0;
            }
            boolean freed = s.r.release(s.o);
            if (actor == 0 && step == 2) {
                return Races.bit(freed || s.freedFirst);
            }
            if (actor == 0) {
                s.freedFirst = freed;
            }
            return Races.bit(freed);
        }

        @Override
        public int[] settle(TwoRefs s) {
            return new int[0];
        }
    }

    /** A view, a view derived from it, and the bytes both hold. */
    public static final class TwoViews {
        static final byte[] CONTENT = {11, 22, 33, 44, 55, 66, 77, 88};
        final SharedViews v;
        final Object[] views = new Object[2];

        TwoViews(SharedViews v) {
            this.v = v;
            views[0] = v.createWith(CONTENT);
            views[1] = v.derive(views[0]);
        }
    }

    /**
     * The holders of two views over one data area read it and drop their views at once: each reads the
     * bytes while it holds its view, whichever drops first, and the data is freed once. Observations: each
     * read saw every byte (1) or not (0).
     */
    public static final class TwoViewsDropped implements Race<TwoViews> {
        @Override
        public java.util.Set<Capability> needs() {
            return java.util.EnumSet.of(Capability.SHARED_VIEWS);
        }

        private final SharedViews subject;

        public TwoViewsDropped(Supplier<SharedViews> subject) {
            this.subject = subject.get();
        }

        @Override
        public TwoViews setUp(boolean model) {
            return new TwoViews(model ? Reference.views() : subject);
        }

        @Override
        public int act(TwoViews s, int actor, int step) {
            Object mine = s.views[actor];
            boolean same = true;
            for (int i = 0; i < TwoViews.CONTENT.length; i++) {
                same &= s.v.read(mine, i) == TwoViews.CONTENT[i];
            }
            s.v.release(mine);
            return Races.bit(same);
        }

        @Override
        public int[] settle(TwoViews s) {
            return new int[0];
        }
    }

    /** An allocator, and the two objects each of two holders ends up with. */
    public static final class Pool {
        final ObjectAllocator a;
        final Object[] got = new Object[4];

        Pool(ObjectAllocator a) {
            this.a = a;
        }
    }

    /**
     * Two threads at once each allocate an object, free it, and allocate two more (P-SUBJ-1): the four objects
     * held at the end are four, whether the allocator keeps freed objects per thread (a recycler, a
     * magazine) or shared; a freed object comes back once. Observations: each holder's two are distinct;
     * then whether all four are.
     */
    public static final class ReuseOnTwoThreads implements Race<Pool> {
        private final ObjectAllocator subject;

        public ReuseOnTwoThreads(Supplier<ObjectAllocator> subject) {
            this.subject = subject.get();
        }

        @Override
        public java.util.Set<Capability> needs() {
            return java.util.EnumSet.of(Capability.OBJECT_ALLOCATOR);
        }

        @Override
        public Pool setUp(boolean model) {
            return new Pool(model ? Reference.allocator() : subject);
        }

        @Override
        public int act(Pool s, int actor, int step) {
            boolean[] two = new boolean[1];
            s.a.session(() -> {
                s.a.free(s.a.alloc());
                Object p = s.a.alloc();
                Object q = s.a.alloc();
                s.got[2 * actor] = p;
                s.got[2 * actor + 1] = q;
                two[0] = p != null && !p.equals(q);
            });
            return Races.bit(two[0]);
        }

        @Override
        public int[] settle(Pool s) {
            java.util.Set<Object> distinct = new java.util.HashSet<>(java.util.Arrays.asList(s.got));
            boolean four = distinct.size() == 4 && !distinct.contains(null);
            if (four) { // a second free of one object would be misuse: give them back only when distinct
                s.a.session(() -> {
                    for (Object o : s.got) {
                        s.a.free(o);
                    }
                });
            }
            return new int[] {Races.bit(four)};
        }
    }
}
