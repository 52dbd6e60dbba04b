package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** ubuf_info_msgzc: a range of send-call ids, a refcount_t, and the success flag every release ANDs in. */
final class Ubuf {
    private static final VarHandle REFCNT;
    private static final VarHandle CALLER_REF;
    private static final VarHandle ZEROCOPY;
    private static final VarHandle LEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REFCNT = l.findVarHandle(Ubuf.class, "refcnt", int.class);
            CALLER_REF = l.findVarHandle(Ubuf.class, "callerRef", int.class);
            ZEROCOPY = l.findVarHandle(Ubuf.class, "zerocopy", int.class);
            LEN = l.findVarHandle(Ubuf.class, "len", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    long handle;
    ZcSocket socket;
    long id;
    boolean dontOrphan;
    private int len;
    private int refcnt;
    private int callerRef;
    private int zerocopy;

    Ubuf(int index) {
        this.index = index;
    }

    void init(long handle, ZcSocket socket, long id, boolean dontOrphan) {
        this.handle = handle;
        this.socket = socket;
        this.id = id;
        this.dontOrphan = dontOrphan;
        LEN.setRelease(this, 1);
        ZEROCOPY.setRelease(this, 1);
        CALLER_REF.setRelease(this, 1);
        REFCNT.setRelease(this, 1);
    }

    int getLenAcquire() {
        return (int) LEN.getAcquire(this);
    }

    void setLenRelease(int v) {
        LEN.setRelease(this, v);
    }

    int getRefcntAcquire() {
        return (int) REFCNT.getAcquire(this);
    }

    int getAndAddRefcnt(int d) {
        return (int) REFCNT.getAndAdd(this, d);
    }

    boolean callerHoldsReference() {
        return (int) CALLER_REF.getAcquire(this) == 1;
    }

    boolean compareAndClearCallerRef() {
        return CALLER_REF.compareAndSet(this, 1, 0);
    }

    /** zerocopy &= success, atomically with other releases. */
    void andZerocopy(boolean success) {
        if (!success) {
            ZEROCOPY.getAndBitwiseAnd(this, 0);
        }
    }

    boolean getZerocopyAcquire() {
        return (int) ZEROCOPY.getAcquire(this) == 1;
    }
}
