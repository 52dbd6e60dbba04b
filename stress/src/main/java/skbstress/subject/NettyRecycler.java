package skbstress.subject;

import io.netty.util.Recycler;
import java.util.EnumSet;
import java.util.Set;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ObjectAllocator;
import skbstress.api.subject.Subject;

/**
 * Netty's {@link Recycler} as a fixed-size object allocator: {@code get} allocates, the object's handle's
 * {@code recycle} frees, from any thread. It pools only on FastThreadLocal threads, so checks run their
 * work in a {@link ObjectAllocator#session} that marks the thread as one. Netty documents no behaviour for a
 * second recycle, so none is committed ({@link ObjectAllocator.Misuse#UNDEFINED}).
 */
public final class NettyRecycler implements Subject {
    /** Objects each thread keeps for reuse: Netty's own default. */
    static final int CAPACITY = 4096;

    @Override
    public String name() {
        return "recycler";
    }

    @Override
    public String about() {
        return "Netty's Recycler (Netty " + NettyVersion.of() + ")";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.OBJECT_ALLOCATOR);
    }

    /** Measured with Lincheck 3.7 and Netty 4.2: see the method comment of {@link Subject}. */
    @Override
    public String modelCheckingUnavailable() {
        return "Lincheck 3.7's model checker crashes restoring the Recycler's static state between invocations "
                + "(a NullPointerException in its SnapshotTracker)";
    }

    @Override
    public ObjectAllocator newAllocator() {
        NettyVersion.ready();
        Recycler<Pooled> recycler = new Recycler<>(CAPACITY) {
            @Override
            protected Pooled newObject(Handle<Pooled> handle) {
                return new Pooled(handle);
            }
        };
        return new ObjectAllocator() {
            @Override
            public Object alloc() {
                return recycler.get();
            }

            @Override
            public void free(Object o) {
                Pooled p = (Pooled) o;
                p.handle.recycle(p);
            }

            @Override
            public void session(Runnable work) {
                // Netty 4.2's Recycler pools on FastThreadLocal threads only: elsewhere every get is a new
                // object and nothing is checked. The thread's pool lives for the session.
                io.netty.util.concurrent.FastThreadLocalThread.runWithFastThreadLocal(work);
            }
        };
    }

    /** The recycled object: its handle, and nothing else. */
    static final class Pooled {
        final Recycler.Handle<Pooled> handle;

        Pooled(Recycler.Handle<Pooled> handle) {
            this.handle = handle;
        }
    }
}
