package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One sk_buff struct, reused across lifetimes (a head-cache object, or skb1/skb2 of a pair). Geometry
 * and flags are plain fields: they belong to whoever holds the skb, and a holder that hands it on
 * publishes them with the hand-off; the last holder reads them after the acquire of its final
 * decrement. {@code gen}, {@code users} and {@code listRefs} are shared counters.
 */
final class SkbDesc {
    static final byte UNAVAILABLE = 0;
    static final byte ORIG = 1;
    static final byte CLONE = 2;

    private static final VarHandle GEN;
    private static final VarHandle USERS;
    private static final VarHandle LIST_REFS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            GEN = l.findVarHandle(SkbDesc.class, "gen", int.class);
            USERS = l.findVarHandle(SkbDesc.class, "users", int.class);
            LIST_REFS = l.findVarHandle(SkbDesc.class, "listRefs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final byte fclone;
    final FclonePair pair;
    /** Index of its object: in the head cache, or the pair's in the fclone cache. */
    final int index;

    /** Odd while alive; the handle's generation. */
    private int gen;
    /** refcount_t users. */
    private int users;
    /** frag_lists holding one of its users references. */
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

    SkbDesc(byte fclone, FclonePair pair, int index) {
        this.fclone = fclone;
        this.pair = pair;
        this.index = index;
    }

    int getGenAcquire() {
        return (int) GEN.getAcquire(this);
    }

    void setGenRelease(int g) {
        GEN.setRelease(this, g);
    }

    int getGenPlain() {
        return gen;
    }

    int getUsersAcquire() {
        return (int) USERS.getAcquire(this);
    }

    int getUsersPlain() {
        return users;
    }

    void setUsersPlain(int v) {
        users = v;
    }

    void setUsersRelease(int v) {
        USERS.setRelease(this, v);
    }

    int getAndAddUsers(int delta) {
        return (int) USERS.getAndAdd(this, delta);
    }

    boolean compareAndSetUsers(int expected, int v) {
        return USERS.compareAndSet(this, expected, v);
    }

    int getListRefsAcquire() {
        return (int) LIST_REFS.getAcquire(this);
    }

    int getAndAddListRefs(int delta) {
        return (int) LIST_REFS.getAndAdd(this, delta);
    }

    int headroom() {
        return data - head;
    }

    int headlen() {
        return len - dataLen;
    }
}
