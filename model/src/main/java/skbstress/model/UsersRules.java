package skbstress.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skbstress.api.DatarefWord;
import skbstress.api.FcloneState;
import skbstress.api.Refcount;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/users.md}: I-USERS-1 (a new skb has users 1 and no destructor), I-USERS-2 (an
 * skb is released exactly once), I-USERS-3 (a live skb never has users 0), I-USERS-4 (no struct dies while
 * another caller holds a reference), I-USERS-5 (skb_share_check and skb_unshare return an skb of one's
 * own), I-REF-1 (no live counter at 0 or below), I-REF-2 (a negative users is REFCOUNT_SATURATED, and a
 * saturated skb is never freed), I-DESTR-1 (a destructor runs at most once, and is cleared). Keeps the
 * skbs seen released, for I-USERS-2.
 */
final class UsersRules extends Rules {
    private final Set<Long> releasedSkbs = new HashSet<>();

    UsersRules(List<String> violations) {
        super(violations);
    }

    /** The users and refcount rules; I-DESTR-1 is {@link #destructors}, which the checker runs later. */
    void check(String op, SnapshotView b, SnapshotView a) {
        users(op, b, a);
        refcounts(b, a);
    }

    private void users(String op, SnapshotView b, SnapshotView a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (!b.s.skbs().containsKey(k.handle()) && b.s != a.s) {
                // skb_segment hands the original's sock_wfree to its last segment (I-SEG-4 checks which)
                boolean handedOver = op.equals("segment") && k.destructor() == SkbOps.SOCK_WFREE;
                if (k.users() != 1 || k.destructor() != 0 && !handedOver) {
                    fail("I-USERS-1", "new skb %x has users %d, destructor %d", k.handle(), k.users(),
                            k.destructor());
                }
                if ((op.equals("shareCheck") || op.equals("unshare")) && k.users() != 1) {
                    fail("I-USERS-5", "%s returned skb %x with users %d", op, k.handle(), k.users());
                }
                if (op.equals("unshare") && DatarefWord.cloned(k.cloned(), k.dataref())) {
                    fail("I-USERS-5", "unshare returned skb %x with cloned data", k.handle());
                }
            }
            if (k.users() == 0) {
                fail("I-USERS-3", "live skb %x has users 0", k.handle());
            }
        }
        for (Snapshot.Skb k : b.s.skbs().values()) {
            if (!a.s.skbs().containsKey(k.handle())) {
                if (!releasedSkbs.add(k.handle())) {
                    fail("I-USERS-2", "skb %x released twice", k.handle());
                }
                if (b.callerUsers(k) > 1) {
                    fail("I-USERS-4", "skb %x was freed while callers held %d references (users %d)", k.handle(),
                            b.callerUsers(k), k.users());
                }
            }
        }
        for (long h : a.s.skbs().keySet()) {
            if (releasedSkbs.contains(h)) {
                fail("I-USERS-2", "released skb %x is live again", h);
            }
        }
    }

    private void refcounts(SnapshotView b, SnapshotView a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (k.fclone() != FcloneState.UNAVAILABLE && k.fcloneRef() <= 0) {
                fail("I-REF-1", "skb %x: fclone_ref %d while a member lives", k.handle(), k.fcloneRef());
            }
            if (k.users() < 0 && k.users() != Refcount.SATURATED) {
                fail("I-REF-2", "skb %x users %d is negative but not REFCOUNT_SATURATED", k.handle(), k.users());
            }
        }
        for (Snapshot.Page p : a.s.pages().values()) {
            if (p.refcount() <= 0) {
                fail("I-REF-1", "live page %x refcount %d", p.handle(), p.refcount());
            }
        }
        for (Snapshot.Ubuf u : a.s.ubufs().values()) {
            if (u.refcount() <= 0) {
                fail("I-REF-1", "live ubuf %x refcount %d", u.handle(), u.refcount());
            }
        }
        for (Snapshot.Skb k : b.s.skbs().values()) {
            if (Refcount.isSaturated(k.users()) && !a.s.skbs().containsKey(k.handle())) {
                fail("I-REF-2", "saturated skb %x was freed", k.handle());
            }
        }
    }

    void destructors(String op, SnapshotView b, SnapshotView a) {
        Set<Long> ranNow = new HashSet<>();
        for (Snapshot.DestructorRun r : SnapshotView.added(a.s.destructorLog(), b.s.destructorRuns(),
                a.s.destructorRuns())) {
            Snapshot.Skb old = b.s.skbs().get(r.skb());
            if (!ranNow.add(r.skb()) || old == null || old.destructor() != r.tag()) {
                fail("I-DESTR-1", "destructor %d of skb %x ran twice or was not set", r.tag(), r.skb());
            }
            Snapshot.Skb now = a.s.skbs().get(r.skb());
            // skb_set_owner_w / _r orphan first and then set the socket's destructor: a new one, not the one that ran
            if (now != null && now.destructor() != 0 && !op.startsWith("setOwner")) {
                fail("I-DESTR-1", "skb %x still has a destructor after it ran", r.skb());
            }
        }
    }
}
