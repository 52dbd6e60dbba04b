package skbstress.model;

import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.FcloneState;
import skbstress.api.Refusals;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

import static skbstress.model.ModelState.ensure;

/**
 * Clones and the dataref word: skb_clone (the fast clone from an ORIG whose fclone_ref is 1, else a
 * struct from the head cache), __skb_header_release, the skb_cloned predicates, and the two calls that
 * replace a caller's skb: skb_share_check and skb_unshare.
 */
final class Clones {
    private final ModelState state;
    private final Constructors constructors;
    private final Release release;
    private ZeroCopy zeroCopy;
    private Frags frags;

    Clones(ModelState state, Constructors constructors, Release release) {
        this.state = state;
        this.constructors = constructors;
        this.release = release;
    }

    void wire(ZeroCopy zc, Frags f) {
        this.zeroCopy = zc;
        this.frags = f;
    }

    /** Checks that a clone of {@code skb} can be made; returns whether it takes the fast path. */
    boolean checkClone(ModelSkb skb, String op) {
        if (DatarefWord.all(skb.shinfo.dataref) >= DatarefWord.MASK) {
            throw Refusals.datarefFull(op, skb.handle, skb.shinfo.dataref);
        }
        zeroCopy.checkOrphan(skb, op);
        boolean fast = skb.fclone == FcloneState.ORIG && skb.pair.fcloneRef.value() == 1;
        if (!fast) {
            constructors.requireRoom(false, Constructors.NO_HEAD);
        }
        if (zeroCopy.needsOrphan(skb.shinfo)) {
            frags.requirePages(zeroCopy.orphanPages(skb.shinfo), op);
        }
        return fast;
    }

    long clone(long h) {
        ModelSkb skb = state.skb(h, "skb_clone");
        boolean fast = checkClone(skb, "skb_clone");
        return doClone(skb, fast).handle;
    }

    /**
     * skb_clone once checked: zero-copy frags are orphaned first; then skb2 of the pair when ORIG reads
     * fclone_ref == 1 (it stores 2), else a new struct from the head cache.
     */
    ModelSkb doClone(ModelSkb skb, boolean fast) {
        zeroCopy.orphanIfNeeded(skb);
        ModelSkb n;
        if (fast) {
            ModelPair pair = skb.pair;
            ensure(pair.skb2 == null, "I-FCLONE-3", "skb2 handed out while in use");
            n = new ModelSkb(state.next(Handles.Kind.SKB), FcloneState.CLONE, pair, null);
            state.skbs.put(n.handle, n);
            state.liveSkbs.put(n.handle, n);
            pair.fcloneRef.set(2);
            pair.skb2 = n;
        } else {
            n = constructors.newStruct(false);
        }
        copyStructFields(n, skb);
        ensure(DatarefWord.all(skb.shinfo.dataref) > 0, "I-DATA-4", "dataref incremented from 0");
        skb.shinfo.dataref++;
        skb.cloned = true;
        return n;
    }

    /** __skb_clone: the new struct shares the head; clones never inherit the destructor (I-DESTR-1). */
    private static void copyStructFields(ModelSkb n, ModelSkb skb) {
        n.shinfo = skb.shinfo;
        n.head = skb.head;
        n.data = skb.data;
        n.tail = skb.tail;
        n.end = skb.end;
        n.len = skb.len;
        n.dataLen = skb.dataLen;
        n.truesize = skb.truesize;
        n.headFrag = skb.headFrag;
        n.hdrLen = skb.nohdr ? skb.headroom() : skb.hdrLen;
        n.cloned = true;
        n.nohdr = false;
        n.ppRecycle = skb.ppRecycle; // C(pp_recycle): every sharer may be the one that releases pool pages
        n.destructor = 0;
        Extensions.share(skb, n);
    }

    void headerRelease(long h) {
        ModelSkb skb = state.skb(h, "__skb_header_release");
        if (DatarefWord.cloned(skb.cloned, skb.shinfo.dataref)) {
            throw Refusals.headerReleaseCloned(h, skb.shinfo.dataref);
        }
        skb.nohdr = true;
        skb.shinfo.dataref = DatarefWord.NOHDR_BIAS;
    }

    boolean cloned(long h) {
        ModelSkb skb = state.skb(h, "skb_cloned");
        return DatarefWord.cloned(skb.cloned, skb.shinfo.dataref);
    }

    boolean headerCloned(long h) {
        ModelSkb skb = state.skb(h, "skb_header_cloned");
        return DatarefWord.headerCloned(skb.cloned, skb.shinfo.dataref);
    }

    /** skb_share_check: a shared skb is replaced by a clone; the caller's reference is consumed either way. */
    long shareCheck(long h) {
        ModelSkb skb = state.skbToFree(h, "skb_share_check");
        release.requireCallerReference(skb, "skb_share_check");
        if (skb.users.value() == 1) {
            return h;
        }
        if (DatarefWord.all(skb.shinfo.dataref) >= DatarefWord.MASK) {
            throw Refusals.datarefFull("skb_share_check", h, skb.shinfo.dataref);
        }
        boolean fast;
        try {
            fast = checkClone(skb, "skb_share_check");
        } catch (SkbException e) {
            if (e.code() != ErrorCode.EXHAUSTED && e.code() != ErrorCode.ORPHAN_SHARED) {
                throw e;
            }
            release.unref(skb); // the clone failed: the reference is dropped and NULL returned
            return SkbOps.NULL;
        }
        ModelSkb n = doClone(skb, fast);
        release.unref(skb);
        ensure(n.users.value() == 1, "I-USERS-5", "share_check result has users " + n.users.value());
        return n.handle;
    }

    /** skb_unshare: cloned data is replaced by a private copy; the caller's reference is consumed either way. */
    long unshare(long h) {
        ModelSkb skb = state.skbToFree(h, "skb_unshare");
        release.requireCallerReference(skb, "skb_unshare");
        if (!DatarefWord.cloned(skb.cloned, skb.shinfo.dataref)) {
            return h;
        }
        try {
            frags.checkCopy(skb, "skb_unshare");
        } catch (SkbException e) {
            if (e.code() != ErrorCode.EXHAUSTED) {
                throw e;
            }
            release.unref(skb);
            return SkbOps.NULL;
        }
        ModelSkb n = frags.doCopy(skb);
        release.unref(skb);
        ensure(n.users.value() == 1 && !DatarefWord.cloned(n.cloned, n.shinfo.dataref), "I-USERS-5",
                "unshare result shared or cloned");
        return n.handle;
    }
}
