package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One sk_buff struct, reused across lifetimes (a head-cache object, or skb1/skb2 of a pair). Geometry
 * and flags are plain fields: they belong to whoever holds the skb, and a holder that hands it on
 * publishes them with the hand-off; the last holder reads them after the acquire of its final
 * decrement, and pinned readers after their pin. {@code state} ({@link SkbLife}), {@code pins}
 * ({@link SkbPins}) and {@code listRefs} are shared words.
 */
final class SkbDesc extends Tracked {
    static final byte UNAVAILABLE = 0;
    static final byte ORIG = 1;
    static final byte CLONE = 2;

    private static final VarHandle STATE;
    private static final VarHandle PINS;
    private static final VarHandle LIST_REFS;
    private static final VarHandle SK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(SkbDesc.class, "state", long.class);
            PINS = l.findVarHandle(SkbDesc.class, "pins", long.class);
            LIST_REFS = l.findVarHandle(SkbDesc.class, "listRefs", int.class);
            SK = l.findVarHandle(SkbDesc.class, "sk", ZcSocket.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final byte fclone;
    final FclonePair pair;
    /** Index of its object: in the head cache, or the pair's in the fclone cache. */
    final int index;
    /** The first generation of this struct's cache (see skbstress.impl.slab.Generations). */
    final int genBase;

    @SuppressWarnings("unused") // through STATE
    private long state;
    @SuppressWarnings("unused") // through PINS
    private long pins;
    /** frag_lists holding one of its users references. */
    @SuppressWarnings("unused") // through LIST_REFS
    private int listRefs;

    Shinfo shinfo;
    int head;
    int data;
    int tail;
    int end;
    int len;
    int dataLen;
    int truesize;
    int hdrLen;
    boolean cloned;
    boolean nohdr;
    boolean headFrag;
    int destructor;
    /**
     * skb->sk: the socket charged for this skb's truesize (set with the destructor, under the writer pin or by
     * the release). Read by another thread only through skb_fclone_busy on the pair's original (getSkAcquire).
     */
    @SuppressWarnings("unused") // through SK
    private ZcSocket sk;
    /** skb->pp_recycle: plain, read and written under this struct's pins (specs/pagepool.md). */
    boolean ppRecycle;
    /** skb->extensions and skb->active_extensions: plain, read and written under this struct's pins. */
    SkbExt ext;
    int activeExt;

    SkbDesc(byte fclone, FclonePair pair, int index, int genBase) {
        this.fclone = fclone;
        this.pair = pair;
        this.index = index;
        this.genBase = genBase;
        this.state = SkbLife.make(genBase, SkbLife.RELEASING);
    }

    /** acquire: skb_fclone_busy's READ_ONCE(skb2.sk) from the original's side; pairs with setSkRelease. */
    ZcSocket getSkAcquire() {
        return (ZcSocket) SK.getAcquire(this);
    }

    /** release: an owner set or cleared is seen by a racing skb_fclone_busy after the state it follows. */
    void setSkRelease(ZcSocket s) {
        SK.setRelease(this, s);
    }

    long getStateAcquire() {
        return (long) STATE.getAcquire(this); // acquire: pairs with the release CASes and stores of the life word
    }

    long getStateVolatile() {
        return (long) STATE.getVolatile(this); // acquire: volatile: the load half of ImplHandles' Dekker pairs
    }

    long getStatePlain() {
        return state;
    }

    void setStateRelease(long w) {
        STATE.setRelease(this, w); // release: beginLife publishes every field set before it with the handle
    }

    boolean compareAndSetState(long expected, long w) {
        return STATE.compareAndSet(this, expected, w); // acquire and release: a drop publishes; a claim sees all
    }

    long getPinsVolatile() {
        return (long) PINS.getVolatile(this); // acquire: volatile: the claimer's half of the pin Dekker
    }

    long getPinsAcquire() {
        return (long) PINS.getAcquire(this); // acquire: only seeds CAS loops, which re-check it
    }

    long getAndAddPins(int delta) {
        return (long) PINS.getAndAdd(this, (long) delta); // acquire and release: an unpin; the last out sees all
    }

    boolean compareAndSetPins(long expected, long v) {
        return PINS.compareAndSet(this, expected, v); // acquire and release: a pin sees the last unpin's writes
    }

    void setPinsRelease(long p) {
        PINS.setRelease(this, p); // release: beginLife's pin word, ordered before its state store
    }

    int getListRefsAcquire() {
        return (int) LIST_REFS.getAcquire(this); // acquire: pairs with the list holders' RMWs of listRefs
    }

    int getListRefsVolatile() {
        return (int) LIST_REFS.getVolatile(this); // acquire: volatile: drop's half of the frag_list Dekker
    }

    /**
     * Acquire and release: a volatile compare-and-set; a frag_list add takes the first list reference only
     * from 0, so two adds of one member cannot both take it; its full fence orders it before the state check
     * that follows.
     */
    boolean compareAndSetListRefs(int expected, int v) {
        return LIST_REFS.compareAndSet(this, expected, v);
    }

    /** Acquire and release: a volatile RMW; a reader of drop's give-back also sees the users CAS before it. */
    void addListRefs(int delta) {
        LIST_REFS.getAndAdd(this, delta);
    }

    int headroom() {
        return data - head;
    }

    int headlen() {
        return len - dataLen;
    }
}
