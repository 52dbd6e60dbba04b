package skbstress.subject;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.SharedViews;

/**
 * The capabilities' reference semantics, sequential and plain (P-SUBJ-1..3): what the races' outcome tables
 * are computed from, as the skb races' come from the model. Not thread-safe, and never run concurrently.
 */
public final class Reference {
    private Reference() {}

    /** A pool: frees go on a stack, allocations take the top or make a new object; a second free is refused. */
    public static ObjectAllocator allocator() {
        return new ObjectAllocator() {
            private final ArrayDeque<Object> free = new ArrayDeque<>();
            private final Map<Object, Boolean> out = new IdentityHashMap<>();

            @Override
            public Object alloc() {
                Object o = free.isEmpty() ? new Object() : free.pop();
                out.put(o, Boolean.TRUE);
                return o;
            }

            @Override
            public void free(Object o) {
                if (out.remove(o) == null) {
                    throw new IllegalStateException("free of an object not handed out");
                }
                free.push(o);
            }

            @Override
            public long outstanding() {
                return out.size();
            }

            @Override
            public Misuse misuse() {
                return Misuse.REFUSED;
            }
        };
    }

    /** Views with plain counts over data with a plain count; every misuse is refused. */
    public static SharedViews views() {
        return new SharedViews() {
            private long liveViews;
            private long liveData;

            final class Data {
                int views = 1;
                final byte[] bytes;

                Data(byte[] bytes) {
                    this.bytes = bytes;
                }
            }

            final class View {
                int count = 1;
                final Data data;

                View(Data data) {
                    this.data = data;
                }
            }

            @Override
            public Object create() {
                return createWith(new byte[0]);
            }

            @Override
            public Object createWith(byte[] content) {
                liveViews++;
                liveData++;
                return new View(new Data(content.clone()));
            }

            @Override
            public void retain(Object o) {
                View v = held(o);
                v.count++;
            }

            @Override
            public boolean release(Object o) {
                View v = held(o);
                if (--v.count > 0) {
                    return false;
                }
                liveViews--;
                if (--v.data.views == 0) {
                    liveData--;
                }
                return true;
            }

            @Override
            public int count(Object o) {
                return ((View) o).count;
            }

            @Override
            public long live() {
                return liveViews;
            }

            @Override
            public ObjectAllocator.Misuse overRelease() {
                return ObjectAllocator.Misuse.REFUSED;
            }

            @Override
            public Object derive(Object view) {
                View v = held(view);
                v.data.views++;
                liveViews++;
                return new View(v.data);
            }

            @Override
            public byte read(Object view, int index) {
                return held(view).data.bytes[index];
            }

            @Override
            public long liveData() {
                return liveData;
            }

            private View held(Object o) {
                View v = (View) o;
                if (v.count <= 0) {
                    throw new IllegalStateException("a freed view");
                }
                return v;
            }
        };
    }
}
