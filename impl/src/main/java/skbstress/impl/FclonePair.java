package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** struct sk_buff_fclones: [skb1][skb2][fclone_ref], the payload of one fclone-cache object. */
final class FclonePair {
    private static final VarHandle FCLONE_REF;

    static {
        try {
            FCLONE_REF = MethodHandles.lookup().findVarHandle(FclonePair.class, "fcloneRef", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    final SkbDesc skb1;
    final SkbDesc skb2;
    /** refcount_t fclone_ref: live members of the pair. */
    @SuppressWarnings("unused") // through FCLONE_REF
    private int fcloneRef;
    /** Lives of this pair object so far: with its index, its identity in snapshots. */
    int life;

    FclonePair(int index, int genBase) {
        this.index = index;
        this.skb1 = new SkbDesc(SkbDesc.ORIG, this, index, genBase);
        this.skb2 = new SkbDesc(SkbDesc.CLONE, this, index, genBase);
    }

    int getFcloneRefAcquire() {
        return (int) FCLONE_REF.getAcquire(this); // acquire: pairs with a member's release decrement
    }

    void setFcloneRefPlain(int v) {
        fcloneRef = v;
    }

    /**
     * Acquire and release: the fast clone's hand-out of skb2: 1 to 2 in one step, so two racing cloners never
     * both take it; it reads the dying clone's release decrement to 1, so skb2's last life is over first.
     */
    boolean compareAndSetFcloneRef(int expected, int v) {
        return FCLONE_REF.compareAndSet(this, expected, v);
    }

    /** Acquire and release: a member's decrement publishes its death; the one reaching 0 frees after both. */
    int getAndAddFcloneRef(int delta) {
        return (int) FCLONE_REF.getAndAdd(this, delta);
    }
}
