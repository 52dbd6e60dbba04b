package skbstress.impl;

import skbstress.api.DatarefWord;
import skbstress.api.Kernel;
import skbstress.api.Refcount;
import skbstress.api.Refusals;
import skbstress.impl.slab.HandleWord;

/**
 * skb_try_coalesce, then kfree_skb_partial of the consumed skb, as the model states them (I-FRAG-5). Both
 * skbs are writer-pinned for the whole call: nobody else edits, clones or reads either meanwhile, so what
 * the checks saw of them holds until the end, except what their clones' threads change in a shared
 * dataref (see {@link #coalesce}). Every check that can refuse or answer false comes first; the claim of
 * {@code from} (users 1 to dead in one CAS, as a page flip's) is the last, and nothing changes before it.
 */
final class ImplCoalesce {
    private static final String OP = "skb_try_coalesce";

    private final ImplState st;
    private final ImplHandles handles;
    private final ImplPages pages;
    private final ImplFrags frags;
    private final ImplRelease release;

    ImplCoalesce(ImplState st, ImplHandles handles, ImplPages pages, ImplFrags frags, ImplRelease release) {
        this.st = st;
        this.handles = handles;
        this.pages = pages;
        this.frags = frags;
        this.release = release;
    }

    /**
     * A shared dataref can only fall meanwhile (a clone of {@code to} or {@code from} freed elsewhere; a new
     * sharer needs a pin we hold out). So "to is cloned" may be stale, and answering false is then the
     * order "before that free". "from is cloned" may be stale too: its frags are then referenced for
     * {@code to}, and from's data release, finding itself the last, drops from's own: the same counts as
     * had the clone gone first.
     */
    boolean coalesce(long toHandle, long fromHandle) {
        SkbDesc to = handles.pinWriter(toHandle, OP);
        try {
            if (fromHandle == toHandle) { // one struct cannot be pinned twice by one call
                throw Refusals.coalesceSelf(toHandle);
            }
            SkbDesc from = handles.pinWriter(fromHandle, OP, true);
            boolean pinned = true;
            try {
                int users = ImplHandles.users(from);
                int lists = from.getListRefsAcquire(); // acquire: no list can take it meanwhile: an add pins it
                if (!Refcount.isSaturated(users) && lists != 0 && users <= lists) {
                    throw Refusals.callerHoldsNone(OP, fromHandle, users, lists);
                }
                if (users != 1) {
                    throw Refusals.coalesceShared(fromHandle, users);
                }
                ImplFrags.requireNotListMember(to, toHandle, OP);
                Shinfo tsh = to.shinfo;
                Shinfo fsh = from.shinfo;
                if (DatarefWord.cloned(to.cloned, tsh.getDatarefAcquire())) { // acquire: pairs with clones' frees
                    return false;
                }
                if (to.ppRecycle != from.ppRecycle) { // pool and non-pool references never mix (I-PP-3)
                    return false;
                }
                int tailroom = to.dataLen != 0 ? 0 : to.end - to.tail;
                if (from.len <= tailroom) {
                    if (to.dataLen != 0) { // from.len == 0: the kernel's skb_put on paged data
                        throw Refusals.putNonlinear(toHandle, to.dataLen);
                    }
                    ImplFrags.requireLength(to, toHandle, OP, from.len, 0);
                    claim(from, fromHandle);
                    byte[] all = frags.allBytes(from);
                    System.arraycopy(all, 0, tsh.buf, tsh.base + to.tail, all.length);
                    to.tail += all.length;
                    to.len += all.length;
                    release.releaseHeadState(from);
                    release.releaseData(from, true);
                } else {
                    if (tsh.fragListCount != 0 || fsh.fragListCount != 0 || tsh.zerocopy || fsh.zerocopy) {
                        return false;
                    }
                    int n = tsh.nrFrags + fsh.nrFrags;
                    boolean steal = from.headlen() != 0;
                    // acquire: pairs with the release decrements of from's clones
                    boolean shared = DatarefWord.cloned(from.cloned, fsh.getDatarefAcquire());
                    int delta;
                    if (steal) {
                        if (n >= Kernel.MAX_SKB_FRAGS || !from.headFrag || shared) { // skb_head_is_locked
                            return false;
                        }
                        delta = from.truesize - Kernel.skbDataAlign(Kernel.SKB_STRUCT_SIZE);
                    } else {
                        if (n > Kernel.MAX_SKB_FRAGS) {
                            return false;
                        }
                        delta = from.truesize - st.profile.truesize(from.end - from.head);
                    }
                    ImplFrags.requireLength(to, toHandle, OP, from.len, delta);
                    claim(from, fromHandle);
                    append(to, from, steal, shared, delta);
                }
                pinned = false;
                handles.unpinWriter(from); // before the struct can be reused by anyone
                release.kfreeSkbmem(from);
                return true;
            } finally {
                if (pinned) {
                    handles.unpinWriter(from);
                }
            }
        } finally {
            handles.unpinWriter(to);
        }
    }

    /** The claim of a checked {@code from}: refused as a free would be when another reference came or went. */
    private void claim(SkbDesc from, long fromHandle) {
        int g = HandleWord.generation(fromHandle);
        while (!handles.claimPinned(from, fromHandle)) {
            // acquire: pairs with the holders' release CASes; only picks the refusal, claimPinned's CAS decides
            long w = from.getStateAcquire();
            if (SkbLife.gen(w) != g) { // another thread freed it: its release waits for our unpin
                throw handles.notLive(fromHandle, from, OP, true);
            }
            if (SkbLife.users(w) != 1) { // an skb_get came first
                throw Refusals.coalesceShared(fromHandle, SkbLife.users(w));
            }
        }
    }

    /** The frag path once claimed, then kfree_skb_partial's release of from's data (or its shared info only). */
    private void append(SkbDesc to, SkbDesc from, boolean steal, boolean shared, int delta) {
        Shinfo tsh = to.shinfo;
        Shinfo fsh = from.shinfo;
        int n = tsh.nrFrags;
        if (steal) { // the head's page reference becomes the frag's: the page's counts stay, its lines are free
            tsh.fragPage[n] = fsh.headPage;
            tsh.fragOff[n] = from.data;
            tsh.fragSize[n] = from.headlen();
            n++;
            pages.meta(HandleWord.index(fsh.headPage)).clearHeadUnits(fsh.headUnits);
        }
        for (int i = 0; i < fsh.nrFrags; i++) {
            if (shared) {
                pages.ppFragRef(fsh.fragPage[i], from.ppRecycle); // from's sharers keep theirs
            }
            tsh.fragPage[n] = fsh.fragPage[i];
            tsh.fragOff[n] = fsh.fragOff[i];
            tsh.fragSize[n] = fsh.fragSize[i];
            n++;
        }
        tsh.nrFrags = n;
        if (!shared) {
            fsh.nrFrags = 0; // the references moved to to
        }
        to.truesize += delta;
        to.len += from.len;
        to.dataLen += from.len;
        release.releaseHeadState(from);
        if (steal) {
            release.freeShinfoObject(fsh); // exclusive, and owns nothing now: it ends with the head it left
        } else {
            release.releaseData(from, true);
        }
    }
}
