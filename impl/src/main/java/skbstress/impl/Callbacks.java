package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import skbstress.api.ErrorCode;
import skbstress.api.FreeFunction;
import skbstress.api.Refusals;
import skbstress.api.SkbException;

/**
 * Free functions made due by releases, run after the release that made them due is complete, on the
 * thread that did it, each exactly once; a free function may call the implementation again.
 *
 * <p>A release made by the caller's own call (a drop, a driver's release, a new head) runs them when
 * that call ends, and a free function that throws is contained: the rest still run and the call ends
 * with CALLBACK_FAILED, as the model's does. A release handed to the last thread out of an operation
 * (a racing drop, {@link SkbLife#DEFERRED}) runs them at once, and a failure is recorded as a warning:
 * that thread's own call, perhaps one that returns a new skb, has nothing to do with it.
 */
final class Callbacks {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(Callbacks.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Due(FreeFunction fn, long buffer) {}

    private static final class Queue {
        final List<Due> due = new ArrayList<>();
        boolean draining;
    }

    private final ThreadLocal<Queue> queues = ThreadLocal.withInitial(Queue::new);
    private final ImplState st;
    /** Due calls of every thread: a plain read that finds 0 skips the thread-local lookup. */
    @SuppressWarnings("unused") // through PENDING
    private int pending;

    Callbacks(ImplState st) {
        this.st = st;
    }

    void makeDue(FreeFunction fn, long buffer) {
        queues.get().due.add(new Due(fn, buffer));
        PENDING.getAndAdd(this, 1); // release: atomic, no count lost; leaks() reads it at quiescence
    }

    /**
     * Whether this thread may have due calls. Plain read: this thread's own additions are seen in
     * program order; another thread's only cost a needless look at the (empty) queue.
     */
    boolean any() {
        return pending != 0;
    }

    /**
     * Due calls not yet run, on every thread: 0 at quiescence, since each call runs before the call that
     * made it due returns. Acquire: read by a quiescence check after the threads' hand-off.
     */
    int pendingAcquire() {
        return (int) PENDING.getAcquire(this);
    }

    /** Runs this thread's due calls; throws CALLBACK_FAILED if any threw. */
    void finish() {
        SkbException e = drain();
        if (e != null) {
            throw e;
        }
    }

    /** Runs this thread's due calls; records a warning for those that threw. */
    void finishDeferred() {
        SkbException e = drain();
        if (e != null) {
            st.warn(ErrorCode.CALLBACK_FAILED, e.invariant(), e.getMessage());
        }
    }

    private SkbException drain() {
        Queue q = queues.get();
        if (q.draining || q.due.isEmpty()) {
            return null; // a free function's own calls: the loop below takes what they add
        }
        q.draining = true;
        long first = 0;
        List<Throwable> causes = new ArrayList<>();
        try {
            while (!q.due.isEmpty()) {
                Due d = q.due.remove(0);
                PENDING.getAndAdd(this, -1); // release: atomic, no count lost; leaks() reads it at quiescence
                try {
                    d.fn().free(d.buffer());
                } catch (Throwable t) { // contained: a caller's code, whatever it throws
                    first = causes.isEmpty() ? d.buffer() : first;
                    causes.add(t);
                }
            }
        } finally {
            q.draining = false;
        }
        if (causes.isEmpty()) {
            return null;
        }
        SkbException e = Refusals.freeFunctionThrew(first, causes.size() - 1, causes.get(0));
        causes.subList(1, causes.size()).forEach(e::addSuppressed);
        return e;
    }
}
