package skbstress.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skbstress.api.DatarefWord;
import skbstress.api.FcloneState;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.KernelProfile;
import skbstress.api.Refcount;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * One check per invariant id of {@code specs/}, over snapshots, so that it judges any implementation.
 * {@link #check} looks at one step (the operation's name, the state before and after); the checker keeps
 * what it has seen released, for the "exactly once" rules. Violations are collected, then thrown
 * together by {@link #check}.
 */
public final class InvariantChecker {
    /** Operations that write memory in place (not through an skb): they may change skb bytes. */
    private static final Set<String> RAW_WRITES = Set.of("writeObject", "writeDriverBuffer", "writePage");
    /** Operations through which a caller's own page references change (I-FRAG-1). */
    private static final Set<String> PAGE_REF_OPS =
            Set.of("allocPage", "getPage", "putPage", "addFrag", "zerocopyAttach", "buildSkb");
    /** Operations through which a caller's own users references change (I-FRAG-2). */
    private static final Set<String> USERS_REF_OPS = Set.of("get", "getMany", "free", "consume", "shareCheck",
            "unshare", "addFragList", "pageFlip");

    private final Set<Long> releasedSkbs = new HashSet<>();
    private final Set<Long> releasedHandles = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    /**
     * What the logs said so far. The logs keep only their newest entries, so each step reads the entries it
     * added (the difference of the totals) and the history lives here, seeded from the first snapshot.
     */
    private final Set<Long> completedUbufs = new HashSet<>();
    private final Set<Long> freedBuffers = new HashSet<>();
    private final Map<Long, Long> completedIds = new HashMap<>();
    private boolean seeded;
    /** Whether the first snapshot's completions were all still in its log (else I-ZC-5 cannot be summed). */
    private boolean idsComplete = true;

    /** The kernel whose geometry the checked instance follows (I-GEOM-5, I-GEOM-6). */
    private final KernelProfile profile;

    /** A checker for an instance of the named kernel's geometry ({@link KernelProfile#LINUX_6_12}). */
    public InvariantChecker() {
        this(KernelProfile.LINUX_6_12);
    }

    public InvariantChecker(KernelProfile profile) {
        this.profile = profile;
    }

    /** Checks one step; throws {@link IllegalStateException} naming every broken invariant. */
    public void check(String op, Snapshot before, Snapshot after) {
        violations.clear();
        if (!seeded || before == after) {
            seed(before);
        }
        View b = new View(before);
        View a = new View(after);
        geometry(b, a);
        headSizes(op, b, a);
        users(op, b, a);
        refcounts(b, a);
        dataref(op, b, a);
        fclones(b, a);
        frags(op, b, a);
        zeroCopy(b, a);
        driverBuffers(b, a);
        flips(op, b, a);
        destructors(op, b, a);
        slabs(a);
        history(b, a);
        SocketRules.check(op, b.s, a.s, (id, message) -> fail(id, "%s", message));
        ExtRules.check(op, b.s, a.s, (id, message) -> fail(id, "%s", message));
        if (!violations.isEmpty()) {
            throw new IllegalStateException("after " + op + ": " + String.join("; ", violations) + "\n" + after);
        }
    }

    /** Checks a state on its own (no step): every rule that needs no "before". */
    public void check(Snapshot state) {
        check("(state)", state, state);
    }

    /** The history of the logs, as far as a snapshot still holds it. */
    private void seed(Snapshot s) {
        seeded = true;
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

    /** The entries a step added to a log: the newest {@code afterTotal - beforeTotal} (none for a lone state). */
    private static <T> List<T> added(List<T> log, long beforeTotal, long afterTotal) {
        long n = afterTotal - beforeTotal;
        return n <= 0 ? List.of() : log.subList((int) Math.max(0, log.size() - n), log.size());
    }

    private void fail(String id, String fmt, Object... args) {
        violations.add(id + ": " + String.format(fmt, args));
    }

    /** Indexes derived from one snapshot. */
    private static final class View {
        final Snapshot s;
        final Map<Long, List<Snapshot.Skb>> sharers = new HashMap<>();
        final Map<Long, List<Snapshot.Skb>> pairs = new HashMap<>();
        final Map<Long, Integer> pageStructRefs = new HashMap<>();
        final Map<Long, Integer> listRefs = new HashMap<>();
        final Map<Long, Integer> ubufRefs = new HashMap<>();
        final Map<Long, Integer> driverRefs = new HashMap<>();
        final Map<Integer, Integer> headObjects = new HashMap<>();

        View(Snapshot s) {
            this.s = s;
            for (Snapshot.Skb k : s.skbs().values()) {
                sharers.computeIfAbsent(k.shinfo(), x -> new ArrayList<>()).add(k);
                if (k.fclone() != FcloneState.UNAVAILABLE) {
                    pairs.computeIfAbsent(k.pair(), x -> new ArrayList<>()).add(k);
                }
            }
            for (List<Snapshot.Skb> group : sharers.values()) {
                Snapshot.Skb k = group.get(0);
                for (Snapshot.Frag f : k.frags()) {
                    pageStructRefs.merge(f.page(), 1, Integer::sum);
                }
                if (k.headKind() == HeadKind.PAGE_FRAG) {
                    pageStructRefs.merge(k.headOwner(), 1, Integer::sum);
                }
                if (k.headKind() == HeadKind.DRIVER_SLICE) {
                    driverRefs.merge(k.headOwner(), 1, Integer::sum);
                }
                if (k.headCache() >= 0) {
                    headObjects.merge(k.headCache(), 1, Integer::sum);
                }
                for (long m : k.fragList()) {
                    listRefs.merge(m, 1, Integer::sum);
                }
                if (k.ubuf() != 0) {
                    ubufRefs.merge(k.ubuf(), 1, Integer::sum);
                }
            }
        }

        int callerPageRefs(Snapshot.Page p) {
            return p.refcount() - pageStructRefs.getOrDefault(p.handle(), 0);
        }

        int callerUsers(Snapshot.Skb k) {
            return k.users() - listRefs.getOrDefault(k.handle(), 0);
        }
    }

    // ------------------------------------------------------------------ geometry

    private void geometry(View b, View a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (!(k.head() <= k.data() && k.data() <= k.tail() && k.tail() <= k.end())) {
                fail("I-GEOM-1", "skb %x head/data/tail/end %d/%d/%d/%d", k.handle(), k.head(), k.data(), k.tail(),
                        k.end());
            }
            int paged = 0;
            for (Snapshot.Frag f : k.frags()) {
                paged += f.size();
            }
            for (long m : k.fragList()) {
                Snapshot.Skb member = a.s.skbs().get(m);
                paged += member == null ? 0 : member.len();
            }
            if (k.len() != (k.tail() - k.data()) + k.dataLen() || k.dataLen() != paged) {
                fail("I-GEOM-2", "skb %x len %d, linear %d, data_len %d, frags+frag_list %d", k.handle(), k.len(),
                        k.tail() - k.data(), k.dataLen(), paged);
            }
            if (k.dataLen() < 0 || k.dataLen() > k.len()) {
                fail("I-GEOM-3", "skb %x data_len %d outside [0, len %d]", k.handle(), k.dataLen(), k.len());
            }
            int shinfoRoom = k.headKind() == HeadKind.DRIVER_SLICE ? 0 : Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
            if (k.end() + shinfoRoom > k.bufferSize()) {
                fail("I-GEOM-4", "skb %x end %d + shared info %d exceeds its %d-byte buffer", k.handle(), k.end(),
                        shinfoRoom, k.bufferSize());
            }
            Snapshot.Skb old = b.s.skbs().get(k.handle());
            if (old != null && old.shinfo() == k.shinfo() && old.end() - old.head() != k.end() - k.head()) {
                fail("I-GEOM-4", "skb %x end - head changed from %d to %d without a new head", k.handle(),
                        old.end() - old.head(), k.end() - k.head());
            }
        }
    }

    /** Constructors that make an skb with a head of its own, with no data yet (I-GEOM-5). */
    private static final Set<String> NEW_HEAD_OPS = Set.of("allocSkb", "devAllocSkb", "devAllocSkbIpAlign",
            "allocSkbFromCache", "buildSkb");

    /**
     * I-GEOM-5: in the named kernel a kmalloc head uses its whole object (end = object - shared info), and a new
     * skb's truesize is the profile's for its end. I-GEOM-6: dev_alloc_skb's head is a page fragment exactly where
     * the profile says, and then the head owns the page's only reference.
     */
    private void headSizes(String op, View b, View a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            int size = k.end() - k.head();
            int shinfoRoom = Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
            if (profile == KernelProfile.LINUX_6_12 && k.headKind() == HeadKind.KMALLOC
                    && size + shinfoRoom != k.bufferSize()) {
                fail("I-GEOM-5", "skb %x end - head %d: its %d-byte head keeps %d bytes of slack out of the data area",
                        k.handle(), size, k.bufferSize(), k.bufferSize() - shinfoRoom - size);
            }
            if (b.s == a.s || b.s.skbs().containsKey(k.handle()) || !NEW_HEAD_OPS.contains(op)) {
                continue;
            }
            if (k.truesize() != profile.truesize(size)) {
                fail("I-GEOM-5", "new skb %x truesize %d, where %s charges %d for end - head %d", k.handle(),
                        k.truesize(), profile.kernel(), profile.truesize(size), size);
            }
            if (op.startsWith("devAllocSkb")) {
                boolean frag = k.headKind() == HeadKind.PAGE_FRAG;
                Snapshot.Page page = frag ? a.s.pages().get(k.headOwner()) : null;
                // a page-fragment head has end = SKB_DATA_ALIGN(len + pad) in (384, 3776]; a kmalloc one lies outside
                if (frag != profile.devAllocPageFrag(size) || page != null && a.callerPageRefs(page) != 0) {
                    fail("I-GEOM-6", "dev_alloc_skb made skb %x with a %s head (end - head %d%s) in %s", k.handle(),
                            k.headKind(), size, page == null ? "" : ", caller page references "
                                    + a.callerPageRefs(page), profile.kernel());
                }
            }
        }
    }

    // ------------------------------------------------------------------ users and refcounts

    private void users(String op, View b, View a) {
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (!b.s.skbs().containsKey(k.handle()) && b.s != a.s) {
                if (k.users() != 1 || k.destructor() != 0) {
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

    private void refcounts(View b, View a) {
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

    // ------------------------------------------------------------------ dataref

    private void dataref(String op, View b, View a) {
        for (Map.Entry<Long, List<Snapshot.Skb>> e : a.sharers.entrySet()) {
            List<Snapshot.Skb> group = e.getValue();
            int word = group.get(0).dataref();
            int nohdr = 0;
            for (Snapshot.Skb k : group) {
                nohdr += k.nohdr() ? 1 : 0;
                if (k.dataref() != word) {
                    fail("I-DATA-2", "sharers of shinfo %x disagree on dataref", e.getKey());
                }
                if (!k.cloned() && (group.size() != 1 || (word != DatarefWord.ONE && word != DatarefWord.NOHDR_BIAS))) {
                    fail("I-DATA-1", "skb %x not cloned but dataref %s with %d sharer(s)", k.handle(),
                            DatarefWord.describe(word), group.size());
                }
            }
            if (DatarefWord.all(word) != group.size() || DatarefWord.payloadOnly(word) != nohdr) {
                fail("I-DATA-2", "shinfo %x dataref %s but %d sharer(s), %d nohdr", e.getKey(),
                        DatarefWord.describe(word), group.size(), nohdr);
            }
            if (DatarefWord.all(word) < 1) {
                fail("I-DATA-4", "shinfo %x in use with dataref %s", e.getKey(), DatarefWord.describe(word));
            }
            Snapshot.Skb k = group.get(0);
            for (Snapshot.Frag f : k.frags()) {
                if (!a.s.pages().containsKey(f.page())) {
                    fail("I-DATA-3", "shinfo %x frag page %x already freed", e.getKey(), f.page());
                }
            }
            for (long m : k.fragList()) {
                if (!a.s.skbs().containsKey(m)) {
                    fail("I-DATA-3", "shinfo %x frag_list member %x already freed", e.getKey(), m);
                }
            }
            if (k.ubuf() != 0 && !a.s.ubufs().containsKey(k.ubuf())) {
                fail("I-DATA-3", "shinfo %x ubuf %x already completed", e.getKey(), k.ubuf());
            }
            if ((k.headKind() == HeadKind.PAGE_FRAG && !a.s.pages().containsKey(k.headOwner()))
                    || (k.headKind() == HeadKind.DRIVER_SLICE && !a.s.driverBuffers().containsKey(k.headOwner()))) {
                fail("I-DATA-3", "shinfo %x head %s %x already released", e.getKey(), k.headKind(), k.headOwner());
            }
        }
        boolean rawWrite = RAW_WRITES.contains(op);
        boolean expand = op.equals("expandHead") || op.equals("cow") || op.equals("cowHead");
        for (Snapshot.Skb k : a.s.skbs().values()) {
            Snapshot.Skb old = b.s.skbs().get(k.handle());
            if (old == null) {
                continue;
            }
            boolean sameGeometry = old.shinfo() == k.shinfo() && old.data() == k.data() && old.tail() == k.tail();
            if (!rawWrite && sameGeometry && !old.linear().equals(k.linear())) {
                fail("I-DATA-5", "bytes of skb %x changed under it: %s -> %s", k.handle(), old.linear(), k.linear());
            }
            if (expand && old.shinfo() != k.shinfo()) {
                if (k.dataref() != DatarefWord.ONE || k.cloned() || k.nohdr() || k.hdrLen() != 0
                        || !old.linear().equals(k.linear())) {
                    fail("I-DATA-6", "expanded skb %x: dataref %s cloned %b nohdr %b hdr_len %d, bytes kept %b",
                            k.handle(), DatarefWord.describe(k.dataref()), k.cloned(), k.nohdr(), k.hdrLen(),
                            old.linear().equals(k.linear()));
                }
            }
        }
    }

    // ------------------------------------------------------------------ fast clones

    private void fclones(View b, View a) {
        int pairs = a.pairs.size();
        for (Map.Entry<Long, List<Snapshot.Skb>> e : a.pairs.entrySet()) {
            int orig = 0;
            int clone = 0;
            for (Snapshot.Skb k : e.getValue()) {
                orig += k.fclone() == FcloneState.ORIG ? 1 : 0;
                clone += k.fclone() == FcloneState.CLONE ? 1 : 0;
            }
            int ref = e.getValue().get(0).fcloneRef();
            if (orig > 1 || clone > 1 || ref != orig + clone || ref < 1 || ref > 2) {
                fail("I-FCLONE-2", "pair %x: fclone_ref %d with %d ORIG and %d CLONE live", e.getKey(), ref, orig,
                        clone);
            }
            List<Snapshot.Skb> before = b.pairs.get(e.getKey());
            if (before != null) {
                boolean cloneBefore = before.stream().anyMatch(k -> k.fclone() == FcloneState.CLONE);
                if (cloneBefore && clone == 0 && orig == 1 && ref != 1) {
                    fail("I-FCLONE-4", "pair %x: the clone died but fclone_ref is %d", e.getKey(), ref);
                }
            }
        }
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (k.fclone() == FcloneState.CLONE && !b.s.skbs().containsKey(k.handle()) && b.s != a.s) {
                List<Snapshot.Skb> before = b.pairs.get(k.pair());
                boolean origLive = before != null && before.stream().anyMatch(x -> x.fclone() == FcloneState.ORIG);
                boolean wasOne = before != null && before.get(0).fcloneRef() == 1;
                if (!origLive || !wasOne) {
                    fail("I-FCLONE-3", "skb2 %x handed out (ORIG live before: %b, fclone_ref was 1: %b)",
                            k.handle(), origLive, wasOne);
                }
            }
        }
        Snapshot.Cache fc = a.s.caches().get(SkbOps.FCLONE_CACHE);
        int fcUser = userObjects(a, SkbOps.FCLONE_CACHE);
        if (fc.live() != pairs + fcUser) {
            fail("I-FCLONE-1", "fclone cache has %d live objects for %d pairs and %d caller objects", fc.live(),
                    pairs, fcUser);
        }
        int single = 0;
        for (Snapshot.Skb k : a.s.skbs().values()) {
            single += k.fclone() == FcloneState.UNAVAILABLE ? 1 : 0;
        }
        Snapshot.Cache hc = a.s.caches().get(SkbOps.HEAD_CACHE);
        int hcUser = userObjects(a, SkbOps.HEAD_CACHE);
        if (hc.live() != single + hcUser) {
            fail("I-FCLONE-5", "head cache has %d live objects for %d single skbs and %d caller objects", hc.live(),
                    single, hcUser);
        }
    }

    private static int userObjects(View v, int cache) {
        int n = 0;
        for (Snapshot.UserObject o : v.s.objects().values()) {
            n += o.cache() == cache ? 1 : 0;
        }
        return n;
    }

    // ------------------------------------------------------------------ frags

    private void frags(String op, View b, View a) {
        for (Snapshot.Page p : a.s.pages().values()) {
            if (a.callerPageRefs(p) < 0) {
                fail("I-FRAG-1", "page %x refcount %d below its %d structure references", p.handle(), p.refcount(),
                        a.pageStructRefs.getOrDefault(p.handle(), 0));
            }
        }
        if (!PAGE_REF_OPS.contains(op)) {
            for (Snapshot.Page p : b.s.pages().values()) {
                Snapshot.Page now = a.s.pages().get(p.handle());
                int was = b.callerPageRefs(p);
                int is = now == null ? 0 : a.callerPageRefs(now);
                if (was != is) {
                    fail("I-FRAG-1", "%s changed the caller's references on page %x from %d to %d", op, p.handle(),
                            was, is);
                }
            }
        }
        for (Snapshot.Skb k : a.s.skbs().values()) {
            int lists = a.listRefs.getOrDefault(k.handle(), 0);
            if (!Refcount.isSaturated(k.users()) && k.users() < lists) {
                fail("I-FRAG-2", "skb %x users %d below the %d frag_lists holding it", k.handle(), k.users(), lists);
            }
            if (k.frags().size() > Kernel.MAX_SKB_FRAGS) {
                fail("I-FRAG-3", "skb %x has %d frags", k.handle(), k.frags().size());
            }
            for (Snapshot.Frag f : k.frags()) {
                if (f.size() <= 0 || f.offset() < 0 || f.offset() + f.size() > Kernel.PAGE_SIZE) {
                    fail("I-FRAG-3", "skb %x frag %s outside its page", k.handle(), f);
                }
            }
        }
        Map<Long, Long> headMaps = new HashMap<>();
        for (List<Snapshot.Skb> group : a.sharers.values()) {
            Snapshot.Skb k = group.get(0);
            if (k.headKind() == HeadKind.PAGE_FRAG) {
                long units = Kernel.pageUnits(k.head(), k.end() - k.head() + Kernel.skbDataAlign(Kernel.SHINFO_SIZE));
                long seen = headMaps.getOrDefault(k.headOwner(), 0L);
                if ((seen & units) != 0) {
                    fail("I-FRAG-4", "skb heads overlap on page %x", k.headOwner());
                }
                headMaps.put(k.headOwner(), seen | units);
            }
        }
        if (!USERS_REF_OPS.contains(op)) {
            for (Snapshot.Skb k : b.s.skbs().values()) {
                Snapshot.Skb now = a.s.skbs().get(k.handle());
                if (now != null && !Refcount.isSaturated(now.users()) && b.callerUsers(k) != a.callerUsers(now)) {
                    fail("I-FRAG-2", "%s changed the caller's references on skb %x from %d to %d", op, k.handle(),
                            b.callerUsers(k), a.callerUsers(now));
                }
            }
        }
    }

    // ------------------------------------------------------------------ zero-copy

    private void zeroCopy(View b, View a) {
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
        for (Snapshot.Completion c : added(a.s.completionLog(), b.s.completions(), a.s.completions())) {
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

    private void driverBuffers(View b, View a) {
        Set<Long> freedNow = new HashSet<>();
        for (long h : added(a.s.freeFunctionLog(), b.s.freeFunctionRuns(), a.s.freeFunctionRuns())) {
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
        Map<Long, java.util.BitSet> lines = new HashMap<>();
        for (List<Snapshot.Skb> group : a.sharers.values()) {
            Snapshot.Skb k = group.get(0);
            if (k.headKind() != HeadKind.DRIVER_SLICE) {
                continue;
            }
            if (k.head() < Kernel.ZC_HEADER_SIZE || k.end() > k.bufferSize() || k.head() % Kernel.SMP_CACHE_BYTES != 0) {
                fail("I-ZCDRV-2", "zero-copy skb %x spans [%d, %d) of a %d-byte buffer with a %d-byte header",
                        k.handle(), k.head(), k.end(), k.bufferSize(), Kernel.ZC_HEADER_SIZE);
            }
            java.util.BitSet held = lines.computeIfAbsent(k.headOwner(), x -> new java.util.BitSet());
            int first = k.head() / Kernel.SMP_CACHE_BYTES;
            int end = (k.end() + Kernel.SMP_CACHE_BYTES - 1) / Kernel.SMP_CACHE_BYTES;
            if (held.get(first, end).cardinality() != 0) {
                fail("I-ZCDRV-2", "slices of driver buffer %x overlap at lines [%d, %d)", k.headOwner(), first, end);
            }
            held.set(first, end);
        }
    }

    // ------------------------------------------------------------------ page flips

    private void flips(String op, View b, View a) {
        Set<Long> heads = new HashSet<>();
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (k.headKind() == HeadKind.CACHE) {
                heads.add(k.headOwner());
            }
        }
        for (Snapshot.UserObject o : a.s.objects().values()) {
            if (o.domain() == SkbOps.LOCAL_DOMAIN) {
                continue;
            }
            if (heads.contains(o.handle())) {
                fail("I-FLIP-1", "object %x belongs to domain %d but is still the head of a local skb", o.handle(),
                        o.domain());
            }
            if (a.s.caches().get(o.cache()).objectSize() != Kernel.PAGE_SIZE) {
                fail("I-FLIP-3", "flipped object %x is not one page", o.handle());
            }
            Snapshot.UserObject old = b.s.objects().get(o.handle());
            boolean justFlipped = op.equals("pageFlip") && (old == null || old.domain() != o.domain());
            if (justFlipped) {
                for (int i = 0; i < o.bytes().length(); i++) {
                    boolean inPacket = i >= o.packetOffset() && i < o.packetOffset() + o.packetLength();
                    if (!inPacket && o.bytes().at(i) != 0) {
                        fail("I-FLIP-2", "flipped page %x shows byte %d = %d outside the packet [%d, %d)", o.handle(),
                                i, o.bytes().at(i), o.packetOffset(), o.packetOffset() + o.packetLength());
                        break;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ destructors

    private void destructors(String op, View b, View a) {
        Set<Long> ranNow = new HashSet<>();
        for (Snapshot.DestructorRun r : added(a.s.destructorLog(), b.s.destructorRuns(), a.s.destructorRuns())) {
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

    // ------------------------------------------------------------------ slabs

    private void slabs(View a) {
        for (Snapshot.Cache c : a.s.caches()) {
            if (c.live() < 0 || c.free() < 0) {
                fail("I-SLAB-1", "cache %s live %d free %d", c.name(), c.live(), c.free());
            }
            int expected = userObjects(a, c.id()) + a.headObjects.getOrDefault(c.id(), 0);
            if (c.id() == SkbOps.HEAD_CACHE || c.id() == SkbOps.FCLONE_CACHE) {
                continue; // structs are counted by I-FCLONE-1 and I-FCLONE-5
            }
            if (c.live() != expected) {
                fail("I-SLAB-6", "cache %s has %d live objects; skb heads and caller objects account for %d",
                        c.name(), c.live(), expected);
            }
            if (c.capacity() > 0 && c.live() + c.free() > c.capacity()) {
                fail("I-SLAB-7", "cache %s holds %d objects, capacity %d", c.name(), c.live() + c.free(),
                        c.capacity());
            }
            if (c.ctorRuns() != (c.ctor() ? c.live() + c.free() : 0)) {
                fail("I-SLAB-8", "cache %s ran its constructor %d times for %d objects", c.name(), c.ctorRuns(),
                        c.live() + c.free());
            }
        }
    }

    /** A handle, once released, never names a live thing again (I-SLAB-9). */
    private void history(View b, View a) {
        gone(b.s.objects().keySet(), a.s.objects().keySet());
        gone(b.s.pages().keySet(), a.s.pages().keySet());
        gone(b.s.ubufs().keySet(), a.s.ubufs().keySet());
        gone(b.s.driverBuffers().keySet(), a.s.driverBuffers().keySet());
        for (Set<Long> live : List.of(a.s.objects().keySet(), a.s.pages().keySet(), a.s.ubufs().keySet(),
                a.s.driverBuffers().keySet())) {
            for (long h : live) {
                if (releasedHandles.contains(h)) {
                    fail("I-SLAB-9", "released handle %x is live again", h);
                }
            }
        }
    }

    private void gone(Set<Long> before, Set<Long> after) {
        for (long h : before) {
            if (!after.contains(h)) {
                releasedHandles.add(h);
            }
        }
    }
}
