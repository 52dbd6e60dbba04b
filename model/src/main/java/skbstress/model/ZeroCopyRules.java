package skbstress.model;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/zerocopy.md}: I-ZCDRV-1 (a driver buffer's free function runs once, when its
 * last reference goes), I-ZCDRV-2 (slices lie inside their buffer, past the header, on cache lines of their
 * own), I-ZC-1 (a ubuf's refcount counts its shared infos and the caller), I-ZC-2 (a ubuf completes once,
 * when it goes), I-ZC-3 (zero-copy frags are shared only with DONT_ORPHAN), I-ZC-4 (a completion that
 * continues the tail notification is merged into it), I-ZC-5 ({@code zckey} counts the ids issued). Keeps
 * the logs' history, which the logs themselves only hold in part.
 */
final class ZeroCopyRules extends Rules {
    /**
     * What the logs said so far. The logs keep only their newest entries, so each step reads the entries it
     * added (the difference of the totals) and the history lives here, seeded from the first snapshot.
     */
    private final Set<Long> completedUbufs = new HashSet<>();
    private final Set<Long> freedBuffers = new HashSet<>();
    private final Map<Long, Long> completedIds = new HashMap<>();
    /** Whether the first snapshot's completions were all still in its log (else I-ZC-5 cannot be summed). */
    private boolean idsComplete = true;

    ZeroCopyRules(List<String> violations) {
        super(violations);
    }

    /** The history of the logs, as far as a snapshot still holds it. */
    void seed(Snapshot s) {
        completedUbufs.clear();
        freedBuffers.clear();
        completedIds.clear();
        idsComplete = s.dropped().completions() == 0;
        for (Snapshot.Completion c : s.completionLog()) {
            if (!completedUbufs.add(c.ubuf())) {
                fail("I-ZC-2", "ubuf %x completed twice", c.ubuf());
            }
            completedIds.merge(c.socket(), ((c.hi() - c.lo()) & ModelSocket.U32) + 1, Long::sum);
        }
        for (long h : s.freeFunctionLog()) {
            if (!freedBuffers.add(h)) {
                fail("I-ZCDRV-1", "free function of driver buffer %x ran twice", h);
            }
        }
    }

    void check(SnapshotView b, SnapshotView a) {
        zeroCopy(b, a);
        driverBuffers(b, a);
    }

    private void zeroCopy(SnapshotView b, SnapshotView a) {
        for (Snapshot.Ubuf u : a.s.ubufs().values()) {
            int expect = a.ubufRefs.getOrDefault(u.handle(), 0) + (u.callerReference() ? 1 : 0);
            if (u.refcount() != expect) {
                fail("I-ZC-1", "ubuf %x refcnt %d, but %d shared infos and the caller (%b) hold it", u.handle(),
                        u.refcount(), a.ubufRefs.getOrDefault(u.handle(), 0), u.callerReference());
            }
        }
        for (List<Snapshot.Skb> group : a.sharers.values()) {
            Snapshot.Skb k = group.get(0);
            if (k.zerocopy() != (k.ubuf() != 0)) {
                fail("I-ZC-1", "shinfo %x zerocopy flag %b with ubuf %x", k.shinfo(), k.zerocopy(), k.ubuf());
            }
            if (k.zerocopy() && !k.dontOrphan() && group.size() != 1) {
                fail("I-ZC-3", "zero-copy frags of shinfo %x shared by %d skbs without DONT_ORPHAN", k.shinfo(),
                        group.size());
            }
        }
        Set<Long> completedNow = new HashSet<>();
        for (Snapshot.Completion c : SnapshotView.added(a.s.completionLog(), b.s.completions(),
                a.s.completions())) {
            if (!completedNow.add(c.ubuf()) || !completedUbufs.add(c.ubuf())) {
                fail("I-ZC-2", "ubuf %x completed twice", c.ubuf());
            }
            completedIds.merge(c.socket(), ((c.hi() - c.lo()) & ModelSocket.U32) + 1, Long::sum);
        }
        for (Snapshot.Ubuf u : b.s.ubufs().values()) {
            if (!a.s.ubufs().containsKey(u.handle()) && !completedNow.contains(u.handle())) {
                fail("I-ZC-2", "ubuf %x vanished without a completion", u.handle());
            }
        }
        Map<Long, Long> idsPerSocket = new HashMap<>(completedIds);
        for (Snapshot.Ubuf u : a.s.ubufs().values()) {
            idsPerSocket.merge(u.socket(), (long) u.len(), Long::sum);
            if (completedUbufs.contains(u.handle())) {
                fail("I-ZC-2", "ubuf %x completed but still live", u.handle());
            }
        }
        for (Snapshot.Socket s : a.s.sockets().values()) {
            List<Snapshot.Notification> q = s.errorQueue();
            for (int i = 0; i + 1 < q.size(); i++) {
                Snapshot.Notification x = q.get(i);
                Snapshot.Notification y = q.get(i + 1);
                long sum = ((x.hi() - x.lo()) & ModelSocket.U32) + 1 + ((y.hi() - y.lo()) & ModelSocket.U32) + 1;
                if (y.lo() == ((x.hi() + 1) & ModelSocket.U32) && sum < (1L << 32)) {
                    fail("I-ZC-4", "socket %x notifications %s and %s continue each other but were not merged",
                            s.handle(), x, y);
                }
            }
            long issued = idsPerSocket.getOrDefault(s.handle(), 0L) & ModelSocket.U32;
            if (idsComplete && issued != s.zckey()) {
                fail("I-ZC-5", "socket %x zckey %d but %d ids were issued", s.handle(), s.zckey(), issued);
            }
        }
    }

    private void driverBuffers(SnapshotView b, SnapshotView a) {
        Set<Long> freedNow = new HashSet<>();
        for (long h : SnapshotView.added(a.s.freeFunctionLog(), b.s.freeFunctionRuns(), a.s.freeFunctionRuns())) {
            if (!freedNow.add(h) || !freedBuffers.add(h)) {
                fail("I-ZCDRV-1", "free function of driver buffer %x ran twice", h);
            }
        }
        for (Snapshot.DriverBuffer d : a.s.driverBuffers().values()) {
            int expect = a.driverRefs.getOrDefault(d.handle(), 0) + (d.driverReference() ? 1 : 0);
            if (d.refcount() != expect || freedBuffers.contains(d.handle())) {
                fail("I-ZCDRV-1", "driver buffer %x refcount %d, expected %d (freed already: %b)", d.handle(),
                        d.refcount(), expect, freedBuffers.contains(d.handle()));
            }
        }
        for (Snapshot.DriverBuffer d : b.s.driverBuffers().values()) {
            if (!a.s.driverBuffers().containsKey(d.handle()) && !freedNow.contains(d.handle())) {
                fail("I-ZCDRV-1", "driver buffer %x vanished without its free function", d.handle());
            }
        }
        Map<Long, BitSet> lines = new HashMap<>();
        for (List<Snapshot.Skb> group : a.sharers.values()) {
            Snapshot.Skb k = group.get(0);
            if (k.headKind() != HeadKind.DRIVER_SLICE) {
                continue;
            }
            if (k.head() < Kernel.ZC_HEADER_SIZE || k.end() > k.bufferSize() || k.head() % Kernel.SMP_CACHE_BYTES != 0) {
                fail("I-ZCDRV-2", "zero-copy skb %x spans [%d, %d) of a %d-byte buffer with a %d-byte header",
                        k.handle(), k.head(), k.end(), k.bufferSize(), Kernel.ZC_HEADER_SIZE);
            }
            BitSet held = lines.computeIfAbsent(k.headOwner(), x -> new BitSet());
            int first = k.head() / Kernel.SMP_CACHE_BYTES;
            int end = (k.end() + Kernel.SMP_CACHE_BYTES - 1) / Kernel.SMP_CACHE_BYTES;
            if (held.get(first, end).cardinality() != 0) {
                fail("I-ZCDRV-2", "slices of driver buffer %x overlap at lines [%d, %d)", k.headOwner(), first, end);
            }
            held.set(first, end);
        }
    }
}
