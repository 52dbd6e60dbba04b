package skbstress.impl;

import skbstress.api.LeakReport;
import skbstress.api.DatarefWord;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.impl.slab.Generations;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.Magazine;

/**
 * users, destructors, and the one free pipeline: a claimed struct is released by skb_release_all (head
 * state, then data) and kfree_skbmem. The last data reference releases the head, the frag pages, the
 * frag_list members (each through the same pipeline) and the ubuf reference. The kernel's exclusive
 * fast paths are kept: an skb never cloned releases its data without touching dataref, the last data
 * reference (dataref == bias) without an atomic, and ORIG reading fclone_ref == 1 frees the pair at
 * once.
 */
final class ImplRelease {
    private final ImplState st;
    private final ImplHandles handles;
    private ImplZeroCopy zeroCopy;
    private ImplPages pages;
    /** The per-CPU NAPI caches a napi_consume_skb release puts its struct in. */
    private ImplNapi napi;
    /** skb extensions, put by the release of a struct (skb_release_head_state). */
    final ImplExtensions extensions;

    ImplRelease(ImplState st, ImplHandles handles) {
        this.st = st;
        this.handles = handles;
        this.extensions = new ImplExtensions(st, handles);
    }

    void wire(ImplZeroCopy zc, ImplPages p) {
        this.zeroCopy = zc;
        this.pages = p;
    }

    void wireNapi(ImplNapi n) {
        this.napi = n;
    }

    // ---------------------------------------------------------------- users

    void get(long h, int n) {
        handles.get(h, n, n == 1 ? "skb_get" : "refcount_add");
    }

    boolean free(long h, String op) {
        if (h == SkbOps.NULL) {
            return false; // kfree_skb(NULL) and consume_skb(NULL) do nothing
        }
        return handles.free(h, op);
    }

    // ---------------------------------------------------------------- the release

    /** skb_release_all and kfree_skbmem of a claimed struct that nobody is inside. */
    void releaseStruct(SkbDesc d) {
        releaseHeadState(d);
        boolean recycle = d.ppRecycle;
        Shinfo last = dropData(d);
        if (last != null) {
            releaseShinfo(last, true, recycle);
        }
        kfreeSkbmem(d);
    }

    void releaseHeadState(SkbDesc d) {
        if (st.tracking) {
            Track t = d.track;
            if (t != null) {
                d.track = null;
                st.tracker.end(t, LeakReport.Kind.SKB, t.handle);
            } else if (st.tracker.everyEvent) {
                st.tracker.end(null, LeakReport.Kind.SKB, ImplHandles.handleOf(d, liveGen(d)));
            }
        }
        runDestructor(d);
        extensions.release(d);
    }

    /** The destructor runs once: its caller holds the struct alone (a writer pin, or the release). */
    void runDestructor(SkbDesc d) {
        int tag = d.destructor;
        if (tag != 0) {
            st.destructorLog.add(new Snapshot.DestructorRun(ImplHandles.handleOf(d, liveGen(d)), tag));
            if (tag == SkbOps.SOCK_WFREE || tag == SkbOps.SOCK_RFREE) { // sock_wfree / sock_rfree: uncharge once (I-SOCK-1)
                ZcSocket sk = d.getSkAcquire(); // acquire: our writer pin or claim already orders the last store
                if (tag == SkbOps.SOCK_WFREE) {
                    sk.addWmemVolatile(-d.truesize); // acquire and release: atomic; read only at quiescence
                } else {
                    sk.addRmemVolatile(-d.truesize); // acquire and release: as the write counter's above
                }
                d.setSkRelease(null); // release: pairs with skb_fclone_busy's acquire read of skb2's owner
            }
            d.destructor = 0;
        }
    }

    /** The generation the struct's handles carried: the current one while alive, the one before once dead. */
    private static int liveGen(SkbDesc d) {
        int g = SkbLife.gen(d.getStateAcquire()); // acquire: no new life starts under our pin or release
        return (g & 1) != 0 ? g : g - 1;
    }

    /**
     * skb_release_data: this skb's data reference goes; the last one releases the shared info. A never
     * cloned skb is the exclusive owner. dataref == bias means this is the last reference: nobody else
     * can take one, so the atomic is skipped (skb_data_unref).
     */
    void releaseData(SkbDesc d, boolean freeHead) {
        boolean recycle = d.ppRecycle;
        Shinfo last = dropData(d);
        if (last != null) {
            releaseShinfo(last, freeHead, recycle);
        }
    }

    /** Drops this skb's data reference; returns the shared info when that was the last one, else null. */
    Shinfo dropData(SkbDesc d) {
        Shinfo sh = d.shinfo; // left in place: a dead struct is never read through (its generation is even)
        // only the sharer that drops the last dataref releases pool pages, under the bit it read first (I-PP-3)
        d.ppRecycle = false;
        if (d.cloned) {
            int bias = d.nohdr ? DatarefWord.NOHDR_BIAS : DatarefWord.ONE;
            // acquire: pairs with the release decrements of the other sharers
            if (sh.getDatarefAcquire() != bias && sh.getAndAddDataref(-bias) - bias != 0) {
                return null; // release: publishes our use of the data to the last sharer
            }
        }
        return sh;
    }

    /** Everything a shared info owns, released by the one that dropped the last reference. */
    void releaseShinfo(Shinfo sh, boolean freeHead, boolean recycle) {
        zeroCopy.zcopyClear(sh, true);
        for (int i = 0; i < sh.nrFrags; i++) {
            pages.skbPageUnref(sh.fragPage[i], recycle);
        }
        for (int i = 0; i < sh.fragListCount; i++) {
            SkbDesc m = sh.fragList[i];
            sh.fragList[i] = null;
            handles.drop(m, ImplHandles.handleOf(m), "frag_list release", false); // gives back m's listRefs too
        }
        sh.fragListCount = 0;
        if (freeHead) {
            freeHead(sh, recycle);
        } else {
            freeShinfoObject(sh);
        }
    }

    /** skb_free_head: the head goes back where it came from (with the shared info it carries). */
    void freeHead(Shinfo sh, boolean recycle) {
        switch (sh.headKind) {
            case KMALLOC -> sh.headCache.freeUntracked(st.local(sh.headCache), sh.headIndex);
            case CACHE -> {
                // release: the claim and the free list's push publish our last use of the head to its next owner
                sh.headCache.claimAndRelease(st.local(sh.headCache), sh.headIndex);
                freeShinfoObject(sh);
            }
            case PAGE_FRAG -> {
                pages.meta(HandleWord.index(sh.headPage)).clearHeadUnits(sh.headUnits);
                pages.skbPageUnref(sh.headPage, recycle); // skb_pp_recycle of a marked skb's pool page
                freeShinfoObject(sh);
            }
            case DRIVER_SLICE -> {
                sh.driverBuffer.releaseLines(sh.firstLine, sh.endLine);
                zeroCopy.driverUnref(sh.driverBuffer);
                freeShinfoObject(sh);
            }
            default -> throw new IllegalStateException();
        }
    }

    void freeShinfoObject(Shinfo sh) {
        if (sh.home == st.shinfos) {
            sh.driverBuffer = null;
            st.shinfos.freeUntracked(st.local(st.shinfos), sh.homeIndex);
        }
    }

    /**
     * kfree_skbmem: a head-cache struct goes back; ORIG reading fclone_ref == 1 frees the pair at once;
     * otherwise the member's decrement (release: the member is dead before it) decides, and the one
     * reaching 0 frees the pair. A struct whose generations are used up retires instead of going back.
     */
    void kfreeSkbmem(SkbDesc d) {
        switch (d.fclone) {
            case SkbDesc.UNAVAILABLE -> {
                // acquire: the dead word is final; only its releaser, this thread, writes it until the next life
                if (Generations.retires(d.genBase, SkbLife.gen(d.getStateAcquire()))) {
                    st.headCache.retire(d.index);
                } else {
                    st.headCache.freeUntracked(st.local(st.headCache), d.index);
                }
            }
            case SkbDesc.ORIG -> {
                FclonePair pair = d.pair;
                // acquire: pairs with the dying clone's release decrement
                if (pair.getFcloneRefAcquire() == 1 || pair.getAndAddFcloneRef(-1) == 1) {
                    freePair(pair);
                }
            }
            default -> {
                if (d.pair.getAndAddFcloneRef(-1) == 1) { // release: publishes the member's release
                    freePair(d.pair);
                }
            }
        }
    }

    private void freePair(FclonePair pair) {
        if (retired(pair.skb1) || retired(pair.skb2)) {
            st.fcloneCache.retire(pair.index);
        } else {
            st.fcloneCache.freeUntracked(st.local(st.fcloneCache), pair.index);
        }
    }

    /**
     * skb_release_all, then napi_skb_cache_put on CPU {@code cpu} for a head-cache struct that may live again;
     * an fclone goes the way of __kfree_skb (kfree_skbmem), as does a struct whose generations are used up.
     */
    void releaseStructToNapi(SkbDesc d, int cpu) {
        releaseHeadState(d);
        boolean recycle = d.ppRecycle;
        Shinfo last = dropData(d);
        if (last != null) {
            releaseShinfo(last, true, recycle);
        }
        if (d.fclone == SkbDesc.UNAVAILABLE && !retired(d)) {
            napi.put(cpu, d);
        } else {
            kfreeSkbmem(d);
        }
    }

    /** Whether a dead struct has used its generations (it may not live again). */
    static boolean retired(SkbDesc d) {
        // acquire: read after the acquire of the death that wrote it (its claim, or fclone_ref's decrement)
        return Generations.retires(d.genBase, SkbLife.gen(d.getStateAcquire()));
    }

    // ---------------------------------------------------------------- destructors

    void setDestructor(long h, int tag) {
        SkbDesc d = handles.pinWriter(h, "set destructor");
        try {
            if (tag <= 0) {
                throw Refusals.destructorTag(tag);
            }
            if (d.destructor != 0) {
                throw Refusals.destructorSet(h, d.destructor);
            }
            d.destructor = tag;
        } finally {
            handles.unpinWriter(d);
        }
    }

    void orphan(long h) {
        SkbDesc d = handles.pinWriter(h, "skb_orphan");
        try {
            if (st.tracking) {
                st.tracker.event(d.track, TrackEvent.ORPHAN, LeakReport.Kind.SKB, h);
            }
            runDestructor(d);
        } finally {
            handles.unpinWriter(d);
        }
    }

    // ---------------------------------------------------------------- socket ownership

    /** skb_set_owner_w / _r, as in the model: orphan, then charge the socket under the writer pin (I-SOCK-1). */
    void setOwner(long h, long socket, boolean write) {
        String op = write ? "skb_set_owner_w" : "skb_set_owner_r";
        SkbDesc d = handles.pinWriter(h, op);
        try {
            ZcSocket sk = st.socket(socket, op);
            runDestructor(d);
            // release: pairs with skb_fclone_busy's acquire read of skb2's owner; under our writer pin
            d.setSkRelease(sk);
            d.destructor = write ? SkbOps.SOCK_WFREE : SkbOps.SOCK_RFREE;
            if (write) {
                sk.addWmemVolatile(d.truesize); // acquire and release: atomic; read only at quiescence
            } else {
                sk.addRmemVolatile(d.truesize); // acquire and release: as the write counter's above
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    /**
     * skb_fclone_busy under a reader pin of the original: fclone_ref, then skb2's owner, each read once with
     * acquire as the kernel's refcount_read and READ_ONCE (I-SOCK-3). The two reads are not one snapshot, and need
     * not be: the answer is true only while some clone of the pair, owned by the socket, was alive.
     */
    boolean fcloneBusy(long socket, long h) {
        SkbDesc d = handles.pinReader(h, "skb_fclone_busy");
        try {
            ZcSocket sk = st.socket(socket, "skb_fclone_busy");
            // acquire: refcount_read and READ_ONCE, as the kernel's; nothing is read through either
            return d.fclone == SkbDesc.ORIG && d.pair.getFcloneRefAcquire() > 1 && d.pair.skb2.getSkAcquire() == sk;
        } finally {
            handles.unpinReader(d);
        }
    }

    /** The magazine of this thread for a cache (for callers outside this class). */
    Magazine local(skbstress.impl.slab.SlabCache c) {
        return st.local(c);
    }
}
