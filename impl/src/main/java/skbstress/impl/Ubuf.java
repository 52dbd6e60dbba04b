package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * ubuf_info_msgzc: a range of send-call ids, a refcount_t, and the success flag every release ANDs in.
 *
 * <pre>
 *  31 30 29                           0
 * +--+--+------------------------------+
 * |0 |C |  refcnt (C's one included)    |
 * +--+--+------------------------------+
 * </pre>
 * C says the caller still holds its reference: a shared info takes one (skb_zcopy_set) only while the
 * caller does, in the same CAS that checks it, so no shared info ever points at a completed ubuf.
 */
final class Ubuf extends Tracked {
    static final int CALLER = 1 << 30;
    private static final int COUNT = CALLER - 1;
    private static final VarHandle WORD;
    private static final VarHandle ZEROCOPY;
    private static final VarHandle LEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WORD = l.findVarHandle(Ubuf.class, "word", int.class);
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
    @SuppressWarnings("unused") // through LEN
    private int len;
    @SuppressWarnings("unused") // through WORD
    private int word;
    @SuppressWarnings("unused") // through ZEROCOPY
    private int zerocopy;

    Ubuf(int index) {
        this.index = index;
    }

    void init(long handle, ZcSocket socket, long id, boolean dontOrphan) {
        this.handle = handle;
        this.socket = socket;
        this.id = id;
        this.dontOrphan = dontOrphan;
        LEN.setRelease(this, 1); // release: published with the handle, whose hand-off orders init
        ZEROCOPY.setRelease(this, 1); // release: as len's; the handle's hand-off orders it
        WORD.setRelease(this, CALLER | 1); // release: publishes the fields above with the handle
    }

    int getLenAcquire() {
        return (int) LEN.getAcquire(this); // acquire: pairs with an extension's release store of len
    }

    void setLenRelease(int v) {
        LEN.setRelease(this, v); // release: a reader of the new len also sees the zckey CAS before it
    }

    private int getWordAcquire() {
        return (int) WORD.getAcquire(this); // acquire: pairs with the holders' release RMWs of the word
    }

    int getRefcntAcquire() {
        return getWordAcquire() & COUNT; // acquire: read by a snapshot, at quiescence
    }

    boolean callerHoldsReference() {
        return (getWordAcquire() & CALLER) != 0; // acquire: a refusal check; attach's CAS re-checks the bit
    }

    /** A shared info takes a reference, only while the caller holds its own. */
    boolean attach() {
        while (true) {
            int w = getWordAcquire(); // acquire: seeds the CAS below, which re-checks it
            if ((w & CALLER) == 0) {
                return false;
            }
            // acquire and release: takes a reference only while C is set, in the one step that checks it
            if (WORD.compareAndSet(this, w, w + 1)) {
                return true;
            }
        }
    }

    /** The caller drops its reference: -1 when it held none, else the references left. */
    int putCaller() {
        while (true) {
            int w = getWordAcquire(); // acquire: seeds the CAS below, which re-checks it
            if ((w & CALLER) == 0) {
                return -1;
            }
            int next = (w & ~CALLER) - 1;
            if (WORD.compareAndSet(this, w, next)) { // acquire and release: all uses precede the completion
                return next & COUNT;
            }
        }
    }

    /**
     * A new shared info shares the ubuf: one more reference (one is held, so never from 0). Acquire and release:
     * only its atomicity matters; the new sharer reaches the ubuf through the shared info's hand-off.
     */
    void share() {
        WORD.getAndAdd(this, 1);
    }

    /** A shared info drops its reference; returns the references left. Release: the and-ed flag before the completion. */
    int unref() {
        return ((int) WORD.getAndAdd(this, -1) - 1) & COUNT;
    }

    /** zerocopy &= success, atomically with other releases. */
    void andZerocopy(boolean success) {
        if (!success) {
            ZEROCOPY.getAndBitwiseAnd(this, 0); // release: ordered before the completion by our unref that follows
        }
    }

    boolean getZerocopyAcquire() {
        return (int) ZEROCOPY.getAcquire(this) == 1; // acquire: the last unref's RMW already orders every and-ing
    }
}
