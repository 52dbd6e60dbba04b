package skbstress.impl;

import skbstress.api.LeakReport;
import skbstress.api.ErrorCode;
import skbstress.api.Refcount;
import skbstress.api.Refusals;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.slab.Generations;
import skbstress.impl.slab.HandleWord;

/**
 * skb handles: from a handle to its struct, and the protocol every operation through a handle follows
 * ({@link SkbLife}, {@link SkbPins}). skb_get and kfree_skb are one CAS on the life word; any other
 * operation pins the struct first and unpins it when done; the drop that claims the struct releases it,
 * or leaves the release to the last thread inside.
 *
 * <p>Pins check the handle twice: in the pin word, whose CAS takes a pin only on the life the handle names
 * (a stale handle never pins a later life), and in the life word after pinning (a claim may have come
 * between). The claimer's CAS on the life word and its read of the pin word, and
 * the pinner's add to the pin word and its read of the life word, are volatile, so one of the two sees
 * the other: either the pinner is refused, or the claimer finds it inside and defers.
 */
final class ImplHandles {
    private final ImplState st;
    private ImplRelease release;

    ImplHandles(ImplState st) {
        this.st = st;
    }

    void wire(ImplRelease r) {
        this.release = r;
    }

    // ---------------------------------------------------------------- handles

    static long handleOf(SkbDesc d, int gen) {
        return HandleWord.make(gen, d.fclone == SkbDesc.CLONE ? HandleWord.SKB2 : HandleWord.SKB,
                d.fclone == SkbDesc.UNAVAILABLE ? SkbOps.HEAD_CACHE : SkbOps.FCLONE_CACHE, d.index);
    }

    /** The handle of a struct's current life (read by its holder). */
    static long handleOf(SkbDesc d) {
        return handleOf(d, SkbLife.gen(d.getStateAcquire())); // acquire: its holder's life: current while held
    }

    /** The struct a handle names, or null when it names none of this instance's structs. */
    SkbDesc lookup(long h) {
        int kind = HandleWord.kind(h);
        int cache = HandleWord.cache(h);
        int index = HandleWord.index(h);
        if ((HandleWord.generation(h) & 1) == 0) {
            return null;
        }
        if (kind == HandleWord.SKB && cache == SkbOps.HEAD_CACHE) {
            return (SkbDesc) st.headCache.payloadIfExists(index);
        }
        if ((kind == HandleWord.SKB || kind == HandleWord.SKB2) && cache == SkbOps.FCLONE_CACHE) {
            FclonePair p = (FclonePair) st.fcloneCache.payloadIfExists(index);
            return p == null ? null : kind == HandleWord.SKB ? p.skb1 : p.skb2;
        }
        return null;
    }

    /** The refusal for a handle whose life is not current: stale (released) or never issued. */
    RuntimeException notLive(long h, SkbDesc d, String op, boolean dropping) {
        // acquire: h's hand-off ordered its life's start before this read, so an issued life is never missed
        if (d != null && Generations.issued(d.genBase, HandleWord.generation(h), SkbLife.gen(d.getStateAcquire()))) {
            return st.tracker.explain(Refusals.skbReleased(op, h, dropping), h);
        }
        return Refusals.notIssued(op, h, "an skb");
    }

    /** A refusal of a stale handle with what the tracker knows of its first release. */
    SkbException explain(SkbException refusal, long h) {
        return st.tracker.explain(refusal, h);
    }

    private SkbDesc found(long h, String op, boolean dropping) {
        SkbDesc d = lookup(h);
        if (d == null) {
            throw Refusals.notIssued(op, h, "an skb");
        }
        return d;
    }

    // ---------------------------------------------------------------- pins

    /** Pins the struct for an operation that reads or clones it; the caller unpins it in a finally. */
    SkbDesc pinReader(long h, String op) {
        return pinReader(h, op, false);
    }

    /** As {@link #pinReader(long, String)}, for an operation that also drops the caller's reference. */
    SkbDesc pinReader(long h, String op, boolean dropping) {
        SkbDesc d = found(h, op, dropping);
        int g = HandleWord.generation(h);
        while (true) {
            long p = d.getPinsAcquire(); // acquire: seeds the CAS below, which re-checks it
            if (SkbPins.life(p) != g) {
                throw notLive(h, d, op, dropping); // a stale handle never pins a later life
            }
            if (SkbPins.writer(p)) {
                throw Refusals.concurrentUse(op, h);
            }
            // acquire and release: the pin; it reads the last unpin's release, so earlier edits are seen;
            // volatile: the pinner's half of the Dekker in the class comment
            if (d.compareAndSetPins(p, p + SkbPins.READER)) {
                break;
            }
        }
        // acquire: volatile: the pinner's read after its pin (class comment), so it cannot pass the pin's CAS
        if (SkbLife.gen(d.getStateVolatile()) != g) {
            unpinStale(d, g, SkbPins.READER);
            throw notLive(h, d, op, dropping);
        }
        return d;
    }

    /** Pins the struct for an operation that edits it, alone; the caller unpins it in a finally. */
    SkbDesc pinWriter(long h, String op) {
        return pinWriter(h, op, false);
    }

    SkbDesc pinWriter(long h, String op, boolean dropping) {
        SkbDesc d = found(h, op, dropping);
        int g = HandleWord.generation(h);
        long idle = SkbPins.make(g, 0);
        // acquire and release: the writer pin, only from idle on life g; it reads the last unpin's release;
        // volatile: the pinner's half of the Dekker in the class comment
        while (!d.compareAndSetPins(idle, SkbPins.make(g, SkbPins.WRITER))) {
            // acquire: decides only the refusals below; the CAS above re-checks what it read
            long p = d.getPinsAcquire();
            if (SkbPins.life(p) != g) {
                throw notLive(h, d, op, dropping);
            }
            if (SkbPins.inside(p) != 0) {
                throw Refusals.concurrentUse(op, h); // another operation on this very life is inside
            }
        }
        // acquire: volatile: the pinner's read after its pin (class comment), so it cannot pass the pin's CAS
        if (SkbLife.gen(d.getStateVolatile()) != g) {
            unpinStale(d, g, SkbPins.WRITER);
            throw notLive(h, d, op, dropping);
        }
        return d;
    }

    /**
     * Takes back a pin of life {@code g} whose life had ended: unless a new life began meanwhile (and its
     * pin word dropped this pin), the pin goes, and the last one out takes a release left to it.
     */
    private void unpinStale(SkbDesc d, int g, int pin) {
        while (true) {
            long p = d.getPinsAcquire(); // acquire: seeds the CAS below, which re-checks it
            if (SkbPins.life(p) != g) {
                return;
            }
            if (d.compareAndSetPins(p, p - pin)) { // acquire and release: as an unpin; the last out releases
                if (SkbPins.inside(p) == pin) {
                    takeDeferred(d);
                }
                return;
            }
        }
    }

    void unpinReader(SkbDesc d) {
        // release: this operation's accesses happen before a release by whoever is last out; a held pin's
        // life cannot change under it (the release waits for the last one out)
        if (SkbPins.inside(d.getAndAddPins(-SkbPins.READER)) == SkbPins.READER) {
            takeDeferred(d);
        }
    }

    void unpinWriter(SkbDesc d) {
        // release: this edit happens before the next pin and before a release by whoever is last out; acquire:
        // the last one out sees the other pins' accesses
        if (SkbPins.inside(d.getAndAddPins(-SkbPins.WRITER)) == SkbPins.WRITER) {
            takeDeferred(d);
        }
    }

    void unpin(SkbDesc d, boolean writer) {
        if (writer) {
            unpinWriter(d);
        } else {
            unpinReader(d);
        }
    }

    /** The last one out of an operation releases a struct whose release waited for it. */
    private void takeDeferred(SkbDesc d) {
        long w = d.getStateVolatile(); // acquire: volatile, after our unpin: the Dekker with releaseOrDefer
        // acquire and release: one of the claimer and the last one out takes the release (DEFERRED to RELEASING)
        if (!SkbLife.alive(w) && SkbLife.users(w) == SkbLife.DEFERRED
                && d.compareAndSetState(w, SkbLife.make(SkbLife.gen(w), SkbLife.RELEASING))) {
            release.releaseStruct(d);
            if (st.callbacks.any()) {
                st.callbacks.finishDeferred();
            }
        }
    }

    // ---------------------------------------------------------------- users

    /** skb_get / refcount_add(n): one CAS that checks the handle and adds, saturating past REFCOUNT_MAX. */
    void get(long h, int n, String op) {
        SkbDesc d = found(h, op, false);
        int g = HandleWord.generation(h);
        while (true) {
            long w = d.getStateAcquire(); // acquire: seeds the CAS below, which re-checks it
            if (SkbLife.gen(w) != g) {
                throw notLive(h, d, op, false);
            }
            if (n < 1) {
                throw Refusals.refcountAddBelowOne(n);
            }
            int old = SkbLife.users(w);
            boolean saturate = Refcount.addSaturates(old, n);
            // acquire and release: checks the handle's life and adds in one step; a lost CAS re-reads
            if (d.compareAndSetState(w, SkbLife.make(g, saturate ? Refcount.SATURATED : old + n))) {
                if (st.tracking) {
                    st.tracker.event(d.track, TrackEvent.GET, LeakReport.Kind.SKB, h);
                }
                if (saturate) {
                    st.warn(ErrorCode.REFCOUNT_SATURATED, "I-REF-2", String.format("users of skb %x: %d + %d passes "
                            + "REFCOUNT_MAX; saturated at 0x%08x, leaked, never freed", h, old, n, Refcount.SATURATED));
                }
                return;
            }
        }
    }

    /** kfree_skb / consume_skb through a handle: see {@link #drop}. */
    boolean free(long h, String op) {
        return drop(found(h, op, true), h, op, true);
    }

    /** napi_consume_skb with a budget through a handle: as {@link #free}, the struct kept by CPU {@code cpu}. */
    boolean freeToNapi(long h, String op, int cpu) {
        return drop(found(h, op, true), h, op, true, cpu);
    }

    /**
     * Drops one reference through handle {@code h} of struct {@code d}: false while others remain, true
     * when this call released the struct (claimed it: the release runs now, or when the last thread
     * inside an operation on it leaves). {@code callerReference}: the reference is the caller's, so one
     * that frag_lists hold is refused (FREE_IN_USE); a frag_list releasing its member passes false, and its
     * list reference (listRefs) is given back here, only after users went down or the struct was claimed:
     * a frag_list add of the member meanwhile still finds it listed (and is refused) or finds it dead,
     * never on no list with its last reference about to go. (This order has a window of its own: a
     * caller's free in between sees users at most listRefs and is refused FREE_IN_USE, changing nothing.)
     */
    boolean drop(SkbDesc d, long h, String op, boolean callerReference) {
        return drop(d, h, op, callerReference, -1);
    }

    /** As above; a caller's last reference released here puts the struct in CPU {@code napiCpu}'s cache (>= 0). */
    boolean drop(SkbDesc d, long h, String op, boolean callerReference, int napiCpu) {
        int g = HandleWord.generation(h);
        while (true) {
            long w = d.getStateAcquire(); // acquire: pairs with the release CASes of earlier holders
            if (SkbLife.gen(w) != g) {
                throw notLive(h, d, op, true);
            }
            int users = SkbLife.users(w);
            if (Refcount.isSaturated(users)) {
                st.warn(ErrorCode.REFCOUNT_SATURATED, "I-REF-2", String.format("users of skb %x: decrement of a "
                        + "saturated counter ignored; object stays leaked", h));
                if (!callerReference) {
                    d.addListRefs(-1); // the list is gone even though its reference stays counted
                }
                return false;
            }
            if (callerReference) {
                // acquire: pairs with the lists' RMWs; the last drop re-reads it, volatile, after its claim
                int lists = d.getListRefsAcquire();
                if (lists != 0 && users <= lists) {
                    throw Refusals.callerHoldsNone(op, h, users, lists);
                }
            }
            if (users > 1) {
                // read before the CAS: once it lands, the last holder may end this life and the struct start another
                Track t = st.tracking ? d.track : null;
                if (d.compareAndSetState(w, SkbLife.make(g, users - 1))) { // release: publishes our use to the last
                    if (st.tracking) {
                        st.tracker.event(t, TrackEvent.PUT, LeakReport.Kind.SKB, h);
                    }
                    if (!callerReference) {
                        d.addListRefs(-1); // after users went down: see the method comment
                    }
                    return false;
                }
                continue;
            }
            if (!callerReference) {
                // acquire and release: the claim; acquire orders every holder's release CAS before the release
                if (d.compareAndSetState(w, SkbLife.make(g + 1, SkbLife.CLAIMED))) {
                    d.addListRefs(-1); // after the claim, and before the struct can be reused
                    releaseOrDefer(d, g + 1);
                    return true;
                }
                continue;
            }
            long checking = SkbLife.make(g + 1, SkbLife.CHECKING);
            // acquire and release: the claim, not final yet; volatile: drop's half of the frag_list Dekker below
            if (d.compareAndSetState(w, checking)) {
                // A frag_list add racing this drop took (or will take) the list reference; one CAS on the life
                // word settles which came first. Acquire: volatile, as the add's list reference is taken before
                // it reads the life word, so either it is seen here or the add sees our claim.
                if (d.getListRefsVolatile() != 0) {
                    // acquire and release: puts w back; fails only when the add revived it to w already
                    d.compareAndSetState(checking, w);
                    throw Refusals.callerHoldsNone(op, h, users, 1);
                }
                // acquire and release: the claim made final unless an add revived it; orders holders' writes
                if (!d.compareAndSetState(checking, SkbLife.make(g + 1, SkbLife.CLAIMED))) {
                    throw Refusals.callerHoldsNone(op, h, users, 1); // an add revived it: the list came first
                }
                releaseOrDefer(d, g + 1, napiCpu);
                return true;
            }
        }
    }

    /**
     * For a frag_list add that holds a reader pin on {@code m} and has just taken its list reference:
     * whether life {@code g} goes on. A caller's drop that claimed it and has not decided yet
     * ({@link SkbLife#CHECKING}) is revived, so the list's reference wins and that drop is refused; a final
     * claim means the drop came first.
     */
    boolean liveForList(SkbDesc m, int g) {
        long checking = SkbLife.make(g + 1, SkbLife.CHECKING);
        while (true) {
            long w = m.getStateVolatile(); // acquire: volatile, after our list reference: the Dekker with drop
            if (SkbLife.gen(w) == g) {
                return true;
            }
            if (w != checking) {
                return false;
            }
            // acquire and release: revives life g, so the list wins; only from users 1 is a life claimed
            if (m.compareAndSetState(checking, SkbLife.make(g, 1))) {
                return true;
            }
        }
    }

    /**
     * After a claim: release now when nobody is inside an operation on the struct, else mark the release
     * DEFERRED for the last one out (and take it back if they all left meanwhile).
     */
    private void releaseOrDefer(SkbDesc d, int deadGen) {
        releaseOrDefer(d, deadGen, -1);
    }

    /** napiCpu >= 0: a release run now keeps the struct in that CPU's NAPI cache; a deferred one frees it. */
    private void releaseOrDefer(SkbDesc d, int deadGen, int napiCpu) {
        // acquire: volatile, after the claim: the claimer's half of the pin Dekker (class comment); at 0 every
        // unpin's release is read before the release runs
        if (SkbPins.inside(d.getPinsVolatile()) == 0) {
            if (napiCpu >= 0) {
                release.releaseStructToNapi(d, napiCpu);
            } else {
                release.releaseStruct(d);
            }
            return;
        }
        // acquire and release: leaves the release to the last one out; volatile, before the pins re-read below
        d.compareAndSetState(SkbLife.make(deadGen, SkbLife.CLAIMED), SkbLife.make(deadGen, SkbLife.DEFERRED));
        if (SkbPins.inside(d.getPinsVolatile()) == 0) { // acquire: volatile; all left meanwhile: take it back
            takeDeferred(d);
        }
    }

    /**
     * Claims a struct its caller holds a writer pin on and whose users it saw at 1 (a page flip), so that
     * the caller releases it itself: true when the claim won.
     */
    boolean claimPinned(SkbDesc d, long h) {
        int g = HandleWord.generation(h);
        // acquire and release: claims only from users 1, so no racing get or drop is lost; orders their CASes
        return d.compareAndSetState(SkbLife.make(g, 1), SkbLife.make(g + 1, SkbLife.RELEASING));
    }

    /** users of a struct the caller has pinned (its life is current). */
    static int users(SkbDesc d) {
        return SkbLife.users(d.getStateAcquire()); // acquire: pairs with the holders' CASes, a refcount_read
    }
}
