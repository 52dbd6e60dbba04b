package skbstress.subject;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.ReferenceCount;
import skbstress.api.subject.SharedViews;
import skbstress.api.subject.Subject;

/**
 * The plainest correct subject, from the JDK alone: a {@link ConcurrentLinkedQueue} pool of objects, and an
 * {@link AtomicInteger} per object as its count, with views that hold their data by a count of its own. It
 * is the baseline every check must pass on, and the size of a user's adapter.
 */
public final class JdkBaseline implements Subject {
    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public String about() {
        return "a ConcurrentLinkedQueue pool and AtomicInteger counts (JDK only)";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.OBJECT_ALLOCATOR, Capability.REFERENCE_COUNT, Capability.SHARED_VIEWS);
    }

    @Override
    public ObjectAllocator newAllocator() {
        ConcurrentLinkedQueue<Object> free = new ConcurrentLinkedQueue<>();
        AtomicLong out = new AtomicLong();
        return new ObjectAllocator() {
            @Override
            public Object alloc() {
                Object o = free.poll();
                out.incrementAndGet();
                return o != null ? o : new Object();
            }

            @Override
            public void free(Object o) {
                out.decrementAndGet();
                free.offer(o);
            }

            @Override
            public long outstanding() {
                return out.get();
            }
        };
    }

    @Override
    public ReferenceCount newReferenceCount() {
        return newSharedViews();
    }

    @Override
    public SharedViews newSharedViews() {
        return new Views();
    }

    /** A view: its own count, and its data. */
    static final class View {
        final AtomicInteger count = new AtomicInteger(1);
        final Data data;

        View(Data data) {
            this.data = data;
        }
    }

    /** The data: its bytes and the views that hold it. */
    static final class Data {
        final AtomicInteger views = new AtomicInteger(1);
        final byte[] bytes;

        Data(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private static final class Views implements SharedViews {
        private final AtomicLong liveViews = new AtomicLong();
        private final AtomicLong liveData = new AtomicLong();

        @Override
        public Object create() {
            return createWith(new byte[0]);
        }

        @Override
        public Object createWith(byte[] content) {
            liveViews.incrementAndGet();
            liveData.incrementAndGet();
            return new View(new Data(content.clone()));
        }

        @Override
        public void retain(Object o) {
            if (!up(((View) o).count)) {
                throw new IllegalStateException("retain of a freed view");
            }
        }

        @Override
        public boolean release(Object o) {
            View v = (View) o;
            if (!down(v.count)) {
                return false;
            }
            liveViews.decrementAndGet();
            if (!down(v.data.views)) {
                return true;
            }
            liveData.decrementAndGet();
            return true;
        }

        @Override
        public int count(Object o) {
            return ((View) o).count.get();
        }

        @Override
        public long live() {
            return liveViews.get();
        }

        @Override
        public ObjectAllocator.Misuse overRelease() {
            return ObjectAllocator.Misuse.REFUSED;
        }

        @Override
        public Overflow overflow() {
            return Overflow.REFUSED;
        }

        @Override
        public Object derive(Object view) {
            View v = (View) view;
            if (!up(v.data.views)) {
                throw new IllegalStateException("derive from a freed view");
            }
            liveViews.incrementAndGet();
            return new View(v.data);
        }

        @Override
        public byte read(Object view, int index) {
            return ((View) view).data.bytes[index];
        }

        @Override
        public long liveData() {
            return liveData.get();
        }

        /** One more reference, unless none is left or the count is at its limit (refused: false or thrown). */
        private static boolean up(AtomicInteger c) {
            while (true) {
                int n = c.get();
                if (n <= 0) {
                    return false;
                }
                if (n == Integer.MAX_VALUE) {
                    throw new IllegalStateException("count at its limit");
                }
                if (c.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** One reference less; true when it was the last; a drop past zero is refused (thrown). */
        private static boolean down(AtomicInteger c) {
            while (true) {
                int n = c.get();
                if (n <= 0) {
                    throw new IllegalStateException("release of a freed view");
                }
                if (c.compareAndSet(n, n - 1)) {
                    return n == 1;
                }
            }
        }
    }
}
