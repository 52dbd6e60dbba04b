package skbstress.subject;

import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.ReferenceCount;
import skbstress.api.subject.SharedViews;

/**
 * Broken parts for any subject, each with one deliberate bug of a kind real adapters and pools have had:
 * the canaries of the capability races. They wrap a subject's own capability, so every subject, a peer's
 * or a user's, has its canaries, and a race that cannot catch them on that subject shows it.
 */
public final class Broken {
    private Broken() {}

    /**
     * A drop that decides "I freed it" from the count it read before dropping, not from the drop's own
     * result: what a plain decrement of a count does (two holders both read 2, and neither frees).
     */
    public static ReferenceCount staleDecision(ReferenceCount real) {
        return new DecoratedCount(real) {
            @Override
            public boolean release(Object o) {
                int before = real.count(o);
                Thread.yield(); // the window between the read and the drop
                real.release(o);
                return before == 1;
            }
        };
    }

    /**
     * A derive that takes no reference of its own on the data: it lends the parent's (Netty's
     * {@code duplicate()} where {@code retainedDuplicate()} was due), so the parent's holder and the view's
     * each give back one reference the data never gave.
     */
    public static SharedViews deriveWithoutReference(SharedViews real) {
        return new Decorated(real) {
            @Override
            public Object derive(Object view) {
                Object d = real.derive(view);
                real.release(view); // the parent's reference now stands for the view's
                return d;
            }
        };
    }

    /** A free that gives the object back twice (a recycle twice): two later holders can get one object. */
    public static ObjectAllocator freedTwice(ObjectAllocator real) {
        return new ObjectAllocator() {
            @Override
            public Object alloc() {
                return real.alloc();
            }

            @Override
            public void free(Object o) {
                real.free(o);
                real.free(o);
            }

            @Override
            public long outstanding() {
                return real.outstanding();
            }

            @Override
            public Misuse misuse() {
                return real.misuse();
            }

            @Override
            public void session(Runnable work) {
                real.session(work);
            }
        };
    }

    /** Every method of a count passes through, but for the one a broken part overrides. */
    private static class DecoratedCount implements ReferenceCount {
        private final ReferenceCount counted;

        DecoratedCount(ReferenceCount count) {
            this.counted = count;
        }

        @Override
        public Object create() {
            return counted.create();
        }

        @Override
        public void retain(Object o) {
            counted.retain(o);
        }

        @Override
        public boolean release(Object o) {
            return counted.release(o);
        }

        @Override
        public int count(Object o) {
            return counted.count(o);
        }

        @Override
        public long live() {
            return counted.live();
        }

        @Override
        public ObjectAllocator.Misuse overRelease() {
            return counted.overRelease();
        }

        @Override
        public Overflow overflow() {
            return counted.overflow();
        }
    }

    /** The same for views: their own methods pass through too. */
    private static class Decorated extends DecoratedCount implements SharedViews {
        final SharedViews real;

        Decorated(SharedViews real) {
            super(real);
            this.real = real;
        }

        @Override
        public Object createWith(byte[] content) {
            return real.createWith(content);
        }

        @Override
        public Object derive(Object view) {
            return real.derive(view);
        }

        @Override
        public byte read(Object view, int index) {
            return real.read(view, index);
        }

        @Override
        public long liveData() {
            return real.liveData();
        }
    }
}
