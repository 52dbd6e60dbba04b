package skbstress.model;

import skbstress.api.FcloneState;

/**
 * One sk_buff struct, for one lifetime. Geometry offsets are positions in the head buffer of its shared
 * info (a driver-buffer slice starts past offset 0).
 */
final class ModelSkb {
    final long handle;
    boolean alive = true;

    final ModelRefcount users = new ModelRefcount(1);
    final FcloneState fclone;
    /** The pair, for ORIG and CLONE. */
    final ModelPair pair;
    /** The head-cache object, for UNAVAILABLE. */
    final ModelCache.Allocation struct;

    ModelShinfo shinfo;
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
    /** Destructor tag; 0 = none; SkbOps.SOCK_WFREE / SOCK_RFREE while a socket owns it. */
    int destructor;
    /** skb->sk: the socket charged for this skb's truesize, or null. */
    ModelSocket sk;
    /** skb->pp_recycle: its frags and head on pool pages give their pp references back (specs/pagepool.md). */
    boolean ppRecycle;
    /** skb->extensions, or null; and skb->active_extensions, the ids this skb sees. */
    ModelExt ext;
    int activeExt;
    /** How many frag_lists hold one of this skb's users references (I-FRAG-2). */
    int listRefs;

    ModelSkb(long handle, FcloneState fclone, ModelPair pair, ModelCache.Allocation struct) {
        this.handle = handle;
        this.fclone = fclone;
        this.pair = pair;
        this.struct = struct;
    }

    int headroom() {
        return data - head;
    }

    int headlen() {
        return len - dataLen;
    }

    /** References the caller side holds: users minus those owned by frag_lists (saturated counts as many). */
    boolean callerHoldsReference() {
        return users.saturated() || users.value() > listRefs;
    }

    String describe() {
        return String.format("skb %x (users %d, len %d, head/data/tail/end %d/%d/%d/%d)", handle, users.value(),
                len, head, data, tail, end);
    }
}
