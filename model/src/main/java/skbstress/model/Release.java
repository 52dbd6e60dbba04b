package skbstress.model;

import skbstress.api.DatarefWord;
import skbstress.api.FcloneState;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

import static skbstress.model.ModelState.ensure;

/**
 * users, destructors, and the one free pipeline: skb_unref, then __kfree_skb = skb_release_all (head
 * state, then data) and kfree_skbmem. The last data reference releases the head, the frag pages, the
 * frag_list members (each through this same pipeline; nesting is at most
 * {@link skbstress.api.Kernel#MAX_FRAG_LIST_DEPTH}) and the ubuf reference.
 */
final class Release {
    private final ModelState state;
    private ZeroCopy zeroCopy;
    private Frags frags;

    Release(ModelState state) {
        this.state = state;
    }

    void wire(ZeroCopy zc, Frags f) {
        this.zeroCopy = zc;
        this.frags = f;
    }

    // ---------------------------------------------------------------- users

    void get(long h, int n) {
        ModelSkb skb = state.skb(h, n == 1 ? "skb_get" : "refcount_add");
        if (n < 1) {
            throw Refusals.refcountAddBelowOne(n);
        }
        skb.users.add(n, state, "users of skb " + Long.toHexString(h));
    }

    /** kfree_skb / consume_skb from a caller. */
    boolean free(long h, String op) {
        if (h == SkbOps.NULL) {
            return false; // skb_unref(NULL): kfree_skb(NULL) and consume_skb(NULL) do nothing
        }
        ModelSkb skb = state.skbToFree(h, op);
        requireCallerReference(skb, op);
        return unref(skb);
    }

    void requireCallerReference(ModelSkb skb, String op) {
        if (!skb.callerHoldsReference()) {
            throw Refusals.callerHoldsNone(op, skb.handle, skb.users.value(), skb.listRefs);
        }
    }

    /**
     * skb_unref, then __kfree_skb when it says so. The sole owner (users == 1) frees without decrementing:
     * nobody else may legally hold or take a reference.
     */
    boolean unref(ModelSkb skb) {
        if (skb.users.value() == 1) {
            kfree(skb);
            return true;
        }
        boolean last = skb.users.decAndTest(state, "users of skb " + Long.toHexString(skb.handle));
        ensure(!last, "I-USERS-4", "users reached 0 by decrement; only the sole-owner path frees");
        return false;
    }

    /** __kfree_skb: only for the sole owner. */
    private void kfree(ModelSkb skb) {
        ensure(skb.users.value() == 1, "I-USERS-4", "__kfree_skb with users " + skb.users.value());
        releaseHeadState(skb);
        releaseData(skb, true);
        kfreeSkbmem(skb);
    }

    // ---------------------------------------------------------------- the release

    void releaseHeadState(ModelSkb skb) {
        runDestructor(skb);
        Extensions.release(state, skb);
    }

    /** Runs and clears the destructor; a socket's (sock_wfree, sock_rfree) uncharges the skb's truesize once (I-SOCK-1). */
    void runDestructor(ModelSkb skb) {
        if (skb.destructor != 0) {
            state.destructorLog.add(new Snapshot.DestructorRun(skb.handle, skb.destructor));
            if (skb.destructor == SkbOps.SOCK_WFREE) {
                skb.sk.wmem -= skb.truesize;
            } else if (skb.destructor == SkbOps.SOCK_RFREE) {
                skb.sk.rmem -= skb.truesize;
            }
            skb.destructor = 0;
            skb.sk = null;
        }
    }

    /**
     * skb_release_data: drop this skb's data reference; the last one releases the head, the frag pages,
     * the frag_list members and the ubuf reference, once (I-DATA-3). An skb that was never cloned is the
     * exclusive owner and releases at once without touching dataref (I-DATA-1).
     *
     * @param freeHead false when the head has been handed elsewhere (a page flip)
     */
    void releaseData(ModelSkb skb, boolean freeHead) {
        ModelShinfo sh = skb.shinfo;
        skb.shinfo = null;
        boolean recycle = skb.ppRecycle;
        // only the sharer that drops the last dataref releases pool pages; every other one forgets its bit (I-PP-3)
        skb.ppRecycle = false;
        if (skb.cloned) {
            sh.dataref -= DatarefWord.releaseBias(skb.nohdr);
            ensure(sh.dataref >= 0, "I-DATA-2", "dataref went negative: " + sh.dataref);
            if (sh.dataref != 0) {
                return;
            }
        }
        releaseShinfo(sh, freeHead, recycle);
    }

    /** Everything a shared info owns, released once; pool pages by the pp_recycle bit of the last sharer. */
    void releaseShinfo(ModelShinfo sh, boolean freeHead, boolean recycle) {
        ensure(!sh.released, "I-DATA-3", "shared info " + Long.toHexString(sh.id) + " released twice");
        sh.released = true;
        zeroCopy.zcopyClear(sh, true);
        for (ModelShinfo.Frag f : sh.frags) {
            frags.skbPageUnref(f.page(), recycle);
        }
        for (ModelSkb member : sh.fragList) {
            member.listRefs--;
            unref(member);
        }
        if (freeHead) {
            freeHead(sh, recycle);
        }
    }

    /** skb_free_head: the head goes back where it came from (a pool page's by skb_pp_recycle when marked). */
    void freeHead(ModelShinfo sh, boolean recycle) {
        switch (sh.headKind) {
            case KMALLOC, CACHE -> state.freeObject(sh.headObject);
            case PAGE_FRAG -> {
                sh.headPage.headUnits &= ~sh.headUnits;
                frags.skbPageUnref(sh.headPage, recycle);
            }
            case DRIVER_SLICE -> {
                sh.driverBuffer.lines.clear(sh.firstLine, sh.endLine);
                zeroCopy.driverUnref(sh.driverBuffer);
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * kfree_skbmem: UNAVAILABLE to the head cache; ORIG reading fclone_ref == 1 frees the pair at once;
     * otherwise the member drops fclone_ref and the one that reaches 0 frees the pair (I-FCLONE-1).
     */
    void kfreeSkbmem(ModelSkb skb) {
        ensure(skb.shinfo == null, "I-FCLONE-4", "struct freed before its data reference was dropped");
        skb.alive = false;
        state.liveSkbs.remove(skb.handle);
        switch (skb.fclone) {
            case UNAVAILABLE -> state.freeObject(skb.struct);
            case ORIG -> {
                if (skb.pair.fcloneRef.value() == 1 || skb.pair.fcloneRef.decAndTest(state, "fclone_ref")) {
                    freePair(skb.pair);
                }
            }
            case CLONE -> {
                skb.pair.skb2 = null;
                if (skb.pair.fcloneRef.decAndTest(state, "fclone_ref")) {
                    freePair(skb.pair);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private void freePair(ModelPair pair) {
        ensure(!pair.released, "I-FCLONE-1", "pair " + Long.toHexString(pair.id) + " returned twice");
        ensure(!pair.skb1.alive && pair.skb2 == null, "I-FCLONE-2", "pair freed with a live member");
        pair.released = true;
        state.freeObject(pair.object);
    }

    // ---------------------------------------------------------------- destructors

    void setDestructor(long h, int tag) {
        ModelSkb skb = state.skb(h, "set destructor");
        if (tag <= 0) {
            throw Refusals.destructorTag(tag);
        }
        if (skb.destructor != 0) {
            throw Refusals.destructorSet(h, skb.destructor);
        }
        skb.destructor = tag;
    }

    void orphan(long h) {
        runDestructor(state.skb(h, "skb_orphan"));
    }

    // ---------------------------------------------------------------- socket ownership

    /** skb_set_owner_w / skb_set_owner_r: orphan, then charge the socket with the skb's truesize (I-SOCK-1). */
    void setOwner(long h, long socket, boolean write) {
        String op = write ? "skb_set_owner_w" : "skb_set_owner_r";
        ModelSkb skb = state.skb(h, op);
        ModelSocket sk = state.socket(socket, op);
        runDestructor(skb);
        skb.sk = sk;
        skb.destructor = write ? SkbOps.SOCK_WFREE : SkbOps.SOCK_RFREE;
        if (write) {
            sk.wmem += skb.truesize;
        } else {
            sk.rmem += skb.truesize;
        }
    }

    /** skb_fclone_busy: the original of a pair whose fast clone is alive (fclone_ref > 1) and owned by the socket (I-SOCK-3). */
    boolean fcloneBusy(long socket, long h) {
        ModelSkb skb = state.skb(h, "skb_fclone_busy"); // the skb first, as every operation checks its handles
        ModelSocket sk = state.socket(socket, "skb_fclone_busy");
        return skb.fclone == FcloneState.ORIG && skb.pair.fcloneRef.value() > 1 && skb.pair.skb2 != null
                && skb.pair.skb2.sk == sk;
    }
}
