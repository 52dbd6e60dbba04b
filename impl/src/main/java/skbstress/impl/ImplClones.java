package skbstress.impl;

import skbstress.api.LeakReport;
import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.Refusals;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * Clones and the dataref word, as in the model: skb_clone (the fast clone hands out skb2 with one CAS of
 * fclone_ref from 1 to 2, so two racing cloners never both take it; otherwise a struct from the head
 * cache), __skb_header_release, the skb_cloned predicates, skb_share_check and skb_unshare. A clone
 * reads its original under a reader pin, or the writer pin when zero-copy frags must be orphaned first.
 */
final class ImplClones {
    private final ImplState st;
    private final ImplHandles handles;
    private final ImplConstructors constructors;
    private ImplZeroCopy zeroCopy;
    private ImplPages pages;
    private ImplCopies copies;

    ImplClones(ImplState st, ImplHandles handles, ImplConstructors constructors) {
        this.st = st;
        this.handles = handles;
        this.constructors = constructors;
    }

    void wire(ImplZeroCopy zc, ImplPages p, ImplCopies c) {
        this.zeroCopy = zc;
        this.pages = p;
        this.copies = c;
    }

    /** Checks that a clone can be made; returns whether it may take the fast path. */
    boolean checkClone(SkbDesc d, long h, String op) {
        Shinfo sh = d.shinfo;
        int word = sh.getDatarefAcquire(); // acquire: a count for the overflow check; nothing read through it
        if (DatarefWord.all(word) >= DatarefWord.MASK) {
            throw Refusals.datarefFull(op, h, word);
        }
        zeroCopy.checkOrphan(d, op);
        // acquire: pairs with the dying skb2's release decrement, so retired() reads its final word
        boolean fast = d.fclone == SkbDesc.ORIG && d.pair.getFcloneRefAcquire() == 1
                && !ImplRelease.retired(d.pair.skb2);
        if (!fast) {
            constructors.requireRoom(false, ImplConstructors.NO_HEAD);
        }
        if (zeroCopy.needsOrphan(sh)) {
            pages.requirePages(zeroCopy.orphanPages(sh), op);
        }
        return fast;
    }

    long clone(long h) {
        SkbDesc d = handles.pinReader(h, "skb_clone");
        if (zeroCopy.needsOrphan(d.shinfo)) { // orphaning edits the shared info: only its owner, alone
            handles.unpinReader(d);
            d = handles.pinWriter(h, "skb_clone");
            try {
                return ImplHandles.handleOf(doClone(d, checkClone(d, h, "skb_clone")));
            } finally {
                handles.unpinWriter(d);
            }
        }
        try {
            return ImplHandles.handleOf(doClone(d, checkClone(d, h, "skb_clone")));
        } finally {
            handles.unpinReader(d);
        }
    }

    /**
     * skb_clone once checked: a struct (skb2 when the CAS of fclone_ref from 1 to 2 wins: skb2 is dead and
     * nobody else can take it; else one from the head cache), zero-copy frags orphaned, then the new skb
     * shares the data and its life begins.
     */
    SkbDesc doClone(SkbDesc d, boolean fast) {
        return doClone(d, fast, null);
    }

    /** As {@link #doClone(SkbDesc, boolean)}; {@code reserved}: a head-cache struct the caller took, or null. */
    SkbDesc doClone(SkbDesc d, boolean fast, SkbDesc reserved) {
        SkbDesc n;
        // acquire and release: skb2 taken once; it reads skb2's release decrement, so its last life is over first
        boolean skb2 = fast && d.pair.compareAndSetFcloneRef(1, 2);
        // the check's skb2 may have lived its last life since (a racing cloner took it and freed it): a retired
        // skb2 is given back and the clone takes a head-cache struct, as if the check had come after that free
        if (skb2 && ImplRelease.retired(d.pair.skb2)) { // acquire: after the CAS that read skb2's death
            d.pair.getAndAddFcloneRef(-1); // acquire and release: gives skb2 back unused; its pair frees it
            skb2 = false;
        }
        n = skb2 ? d.pair.skb2 : reserved != null ? reserved : constructors.newStruct(false);
        try {
            zeroCopy.orphanIfNeeded(d);
            takeDataref(d);
        } catch (RuntimeException e) { // pages or data references ran out under a racing thread: give it back
            if (skb2) {
                d.pair.getAndAddFcloneRef(-1); // acquire and release: gives skb2 back; nothing of it was written
            } else {
                constructors.undoStruct(n);
            }
            throw e;
        }
        Shinfo sh = d.shinfo;
        if (n.shinfo != sh) {
            n.shinfo = sh;
        }
        n.head = d.head;
        n.data = d.data;
        n.tail = d.tail;
        n.end = d.end;
        n.len = d.len;
        n.dataLen = d.dataLen;
        n.truesize = d.truesize;
        n.headFrag = d.headFrag;
        n.hdrLen = d.nohdr ? d.headroom() : d.hdrLen;
        n.cloned = true;
        n.nohdr = false;
        n.ppRecycle = d.ppRecycle; // C(pp_recycle), read under our pin of d
        ImplExtensions.share(d, n);
        n.destructor = 0;
        d.cloned = true; // racing cloners all write true: benign
        constructors.beginLife(n);
        if (st.tracking && (d.track != null || st.tracker.everyEvent)) { // the handle only when it is used
            st.tracker.event(d.track, TrackEvent.CLONE, LeakReport.Kind.SKB, ImplHandles.handleOf(d));
        }
        return n;
    }

    /**
     * The clone's data reference, refused (DATAREF_OVERFLOW) at the counter's limit: the check before the struct
     * was taken only reads, and two cloners one below the limit both pass it; one compare-and-set lets one of them
     * in, so the count never carries into the payload-only half of the word.
     */
    private static void takeDataref(SkbDesc d) {
        if (!d.shinfo.addDatarefBelowLimit()) {
            int word = d.shinfo.getDatarefAcquire(); // acquire: a count for the refusal's message only
            throw Refusals.datarefFull("skb_clone", ImplHandles.handleOf(d), word);
        }
    }

    void headerRelease(long h) {
        SkbDesc d = handles.pinWriter(h, "__skb_header_release");
        try {
            Shinfo sh = d.shinfo;
            int word = sh.getDatarefAcquire(); // acquire: pairs with former sharers' release decrements
            if (DatarefWord.cloned(d.cloned, word)) {
                throw Refusals.headerReleaseCloned(h, word);
            }
            d.nohdr = true;
            sh.setDatarefRelease(DatarefWord.NOHDR_BIAS); // release: more than the kernel's plain set; sole owner
            if (st.tracking) {
                st.tracker.event(d.track, TrackEvent.HEADER_RELEASE, LeakReport.Kind.SKB, h);
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    boolean cloned(long h) {
        SkbDesc d = handles.pinReader(h, "skb_cloned");
        try {
            // acquire: pairs with the sharers' release decrements; an answer that goes stale is the kernel's too
            return DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire());
        } finally {
            handles.unpinReader(d);
        }
    }

    boolean headerCloned(long h) {
        SkbDesc d = handles.pinReader(h, "skb_header_cloned");
        try {
            // acquire: pairs with the sharers' release decrements; an answer that goes stale is the kernel's too
            return DatarefWord.headerCloned(d.cloned, d.shinfo.getDatarefAcquire());
        } finally {
            handles.unpinReader(d);
        }
    }

    private static void requireCallerReference(SkbDesc d, long h, String op) {
        int lists = d.getListRefsAcquire(); // acquire: pairs with the lists' RMWs; a refusal check only
        int users = ImplHandles.users(d);
        if (lists != 0 && !skbstress.api.Refcount.isSaturated(users) && users <= lists) {
            throw Refusals.callerHoldsNone(op, h, users, lists);
        }
    }

    /**
     * skb_share_check: a shared skb is replaced by a clone; the caller's reference is consumed either way.
     * The drop happens under the pin, so a claim it makes waits for the pin and this call does the release.
     */
    long shareCheck(long h) {
        String op = "skb_share_check";
        SkbDesc d = handles.pinReader(h, op, true);
        boolean writer = false;
        try {
            requireCallerReference(d, h, op);
            if (ImplHandles.users(d) == 1) {
                return h;
            }
            int word = d.shinfo.getDatarefAcquire(); // acquire: only a count, for the overflow check
            if (DatarefWord.all(word) >= DatarefWord.MASK) {
                throw Refusals.datarefFull(op, h, word);
            }
            if (zeroCopy.needsOrphan(d.shinfo)) {
                handles.unpinReader(d);
                d = null;
                d = handles.pinWriter(h, op, true);
                writer = true;
            }
            boolean fast;
            try {
                fast = checkClone(d, h, op);
            } catch (SkbException e) {
                if (e.code() != ErrorCode.EXHAUSTED && e.code() != ErrorCode.ORPHAN_SHARED) {
                    throw e;
                }
                handles.drop(d, h, op, true); // the clone failed: the reference is dropped and NULL returned
                return SkbOps.NULL;
            }
            SkbDesc n = doClone(d, fast);
            handles.drop(d, h, op, true);
            return ImplHandles.handleOf(n);
        } finally {
            if (d != null) {
                handles.unpin(d, writer);
            }
        }
    }

    /** skb_unshare: cloned data is replaced by a private copy; the caller's reference is consumed either way. */
    long unshare(long h) {
        String op = "skb_unshare";
        SkbDesc d = handles.pinReader(h, op, true);
        try {
            requireCallerReference(d, h, op);
            // acquire: pairs with the other sharers' release decrements, so unshared data is ours to write
            if (!DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire())) {
                return h;
            }
            try {
                copies.checkCopy(d, op);
            } catch (SkbException e) {
                if (e.code() != ErrorCode.EXHAUSTED) {
                    throw e;
                }
                handles.drop(d, h, op, true);
                return SkbOps.NULL;
            }
            SkbDesc n = copies.doCopy(d);
            handles.drop(d, h, op, true);
            return ImplHandles.handleOf(n);
        } finally {
            handles.unpinReader(d);
        }
    }
}
