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
    private int fcloneRef;
    /** Lives of this pair object so far: with its index, its identity in snapshots. */
    int life;

    FclonePair(int index) {
        this.index = index;
        this.skb1 = new SkbDesc(SkbDesc.ORIG, this, index);
        this.skb2 = new SkbDesc(SkbDesc.CLONE, this, index);
    }

    int getFcloneRefAcquire() {
        return (int) FCLONE_REF.getAcquire(this);
    }

    void setFcloneRefRelease(int v) {
        FCLONE_REF.setRelease(this, v);
    }

    void setFcloneRefPlain(int v) {
        fcloneRef = v;
    }

    int getAndAddFcloneRef(int delta) {
        return (int) FCLONE_REF.getAndAdd(this, delta);
    }
}
