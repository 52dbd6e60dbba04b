package skbstress.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import skbstress.api.Bytes;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * Every check of {@link InvariantChecker} can fail: for each invariant id, a state (or step) that
 * breaks exactly that rule, taken from a real model state and changed in one place, is reported with
 * that id. A valid rich state passes.
 */
class InvariantCheckerTest {
    private Snapshot base;
    private long skb;
    private long clone;
    private long member;
    private long page;
    private long orig;
    private long fc;
    private long lone;
    private long zc;
    private long buf;
    private long sock;
    private long ubuf;
    private long zskb;
    private long cskb;
    private long flipped;
    private long headFrag2;
    private long owned;
    private long extSkb;
    private long pool;
    private long cachedPage;
    private long ppClone;
    private int bounded;
    private int pages;

    /** A state with a bit of everything: shared data with frags and a frag_list, a fast-clone pair, a
     *  driver slice, a shared zero-copy skb, a notification, a flipped page, a bounded cache with a ctor. */
    @BeforeEach
    void richState() {
        SkbModel m = new SkbModel();
        bounded = m.createCache("bounded", 64, 0, mem -> mem.put(0, (byte) 1), 4);
        m.cacheAlloc(bounded);
        pages = m.createCache("pages", Kernel.PAGE_SIZE, 0, null, 0);
        skb = m.allocSkb(200, false);
        m.put(skb, new byte[] {1, 2, 3});
        page = m.allocPage();
        m.addFrag(skb, page, 0, 100);
        member = m.allocSkb(64, false);
        m.put(member, new byte[] {9});
        m.addFragList(skb, member);
        m.setDestructor(skb, 5);
        clone = m.clone(skb);
        orig = m.allocSkb(100, true);
        fc = m.clone(orig);
        lone = m.allocSkb(10, false);
        buf = m.createDriverBuffer(1024, null);
        zc = m.makeZeroCopySkb(buf, 64, 100);
        sock = m.createZerocopySocket();
        ubuf = m.ubufAlloc(sock, true);
        zskb = m.allocSkb(64, false);
        m.zerocopyAttach(zskb, ubuf, m.allocPage(), 0, 10);
        m.clone(zskb);
        m.ubufPut(m.ubufAlloc(sock, false));
        long toFlip = m.allocSkbFromCache(pages, 100);
        m.put(toFlip, new byte[] {7, 7});
        flipped = m.pageFlip(toFlip, 1);
        owned = m.allocSkb(100, false);
        m.setOwnerW(owned, sock);
        extSkb = m.allocSkb(100, false);
        m.extAdd(extSkb, 1, 7);
        m.clone(extSkb);
        cskb = m.allocSkbFromCache(pages, 100);
        long fragPage = m.allocPage();
        m.getPage(fragPage);
        m.buildSkb(fragPage, 0, 1024);
        headFrag2 = m.buildSkb(fragPage, 1024, 1024);
        pool = m.createPagePool(4);
        long ppPage = m.poolAllocPage(pool);
        cachedPage = m.poolAllocPage(pool);
        m.poolPutPage(cachedPage);
        long ppSkb = m.allocSkb(100, false);
        m.markForRecycle(ppSkb);
        m.addFrag(ppSkb, ppPage, 0, 100);
        ppClone = m.clone(ppSkb);
        long doomed = m.createPagePool(0);
        long ppHead = m.buildSkb(m.poolAllocPage(doomed), 0, 2048);
        m.clone(ppHead);
        m.destroyPagePool(doomed);
        base = m.snapshot();
    }

    @Test
    void aValidRichStatePasses() {
        new InvariantChecker().check(base);
        new InvariantChecker().check("noop", base, base);
    }

    @TestFactory
    Stream<DynamicTest> everyInvariantCanFail() {
        Map<String, Runnable> cases = cases();
        assertThat(cases.keySet()).as("a broken-state case per spec id").containsExactlyInAnyOrderElementsOf(
                SpecIds.invariants());
        return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), e.getValue()::run));
    }

    private Map<String, Runnable> cases() {
        Map<String, Runnable> c = new LinkedHashMap<>();
        c.put("I-GEOM-1", () -> broken("I-GEOM-1", skbWith(base, lone, k -> with(k, "data", k.tail() + 1))));
        c.put("I-GEOM-2", () -> broken("I-GEOM-2", skbWith(base, skb, k -> with(k, "len", k.len() + 1))));
        c.put("I-GEOM-3", () -> broken("I-GEOM-3", skbWith(base, lone, k -> with(k, "dataLen", -1))));
        c.put("I-GEOM-4", () -> broken("I-GEOM-4", skbWith(base, lone, k -> with(k, "end", k.bufferSize()))));
        c.put("I-GEOM-5", () -> broken("I-GEOM-5", "allocSkb", without(base, lone),
                skbWith(base, lone, k -> with(k, "truesize", k.truesize() + 64))));
        c.put("I-GEOM-6", () -> broken("I-GEOM-6", "devAllocSkb", without(base, lone),
                skbWith(base, lone, k -> with(with(k, "end", 704), "bufferSize", 1024))));
        c.put("I-GEOM-7", () -> broken("I-GEOM-7", "linearize", base,
                skbWith(base, skb, k -> with(k, "dataLen", k.dataLen() - 1))));
        c.put("I-GEOM-8", () -> broken("I-GEOM-8", "pskbPull", base,
                skbWith(base, skb, k -> with(k, "len", k.len() + 1))));
        c.put("I-GEOM-9", () -> broken("I-GEOM-9", "pskbTrim", base,
                skbWith(base, skb, k -> with(k, "len", k.len() + 1))));
        c.put("I-EXT-1", () -> {
            long e = base.skbs().get(extSkb).ext();
            SortedMap<Long, Snapshot.Ext> exts = new TreeMap<>(base.exts());
            exts.put(e, with(exts.get(e), "refcnt", 1));
            broken("I-EXT-1", with(base, "exts", exts));
        });
        c.put("I-EXT-2", () -> {
            long e = base.skbs().get(extSkb).ext();
            SortedMap<Long, Snapshot.Ext> exts = new TreeMap<>(base.exts());
            exts.put(e, with(exts.get(e), "values", List.of(-1, 8, -1, -1, -1)));
            broken("I-EXT-2", "extAdd", base, with(base, "exts", exts));
        });
        c.put("I-NAPI-1", () -> broken("I-NAPI-1", with(base, "napiCached", List.of(0, 1, 0, 0))));
        c.put("I-NAPI-2", () -> broken("I-NAPI-2", with(base, "napiCached",
                List.of(SkbOps.NAPI_SKB_CACHE_SIZE, 0, 0, 0))));
        c.put("I-NAPI-3", () -> {
            SkbModel fresh = new SkbModel();
            long k = fresh.napiAllocSkb(2, 100);
            Snapshot before = fresh.snapshot();
            fresh.free(k);
            Snapshot after = fresh.snapshot();
            new InvariantChecker().check("free", before, after);
            assertThat(after.napiCached()).as("I-NAPI-3: kfree_skb leaves the cache").containsExactly(0, 0, 15, 0);
            broken("I-NAPI-3", "free", before, with(after, "napiCached", List.of(0, 0, 16, 0)));
        });
        c.put("I-NAPI-4", () -> {
            broken("I-NAPI-4", "napiAllocSkb", without(base, lone), skbWith(base, lone, k -> with(k, "cloned", true)));
            SkbModel fresh = new SkbModel();
            long k = fresh.napiAllocSkb(0, 100);
            Snapshot live = fresh.snapshot();
            fresh.napiConsumeSkb(k, 0, 64);
            Snapshot dead = fresh.snapshot();
            InvariantChecker checker = new InvariantChecker();
            checker.check("napiConsumeSkb", live, dead);
            expect(checker, "I-NAPI-4", "napiAllocSkb", dead, live);
        });
        c.put("I-PP-1", () -> {
            SortedMap<Long, Snapshot.Pool> pools = new TreeMap<>(base.pools());
            pools.put(pool, with(pools.get(pool), "inFlight", pools.get(pool).inFlight() + 1));
            broken("I-PP-1", with(base, "pools", pools));
        });
        c.put("I-PP-2", () -> {
            SortedMap<Long, Snapshot.Page> pages = new TreeMap<>(base.pages());
            pages.put(cachedPage, with(pages.get(cachedPage), "refcount", 2));
            broken("I-PP-2", with(base, "pages", pages));
        });
        c.put("I-PP-3", () -> broken("I-PP-3", skbWith(base, ppClone, k -> with(k, "ppRecycle", false))));
        c.put("I-PP-4", () -> {
            SortedMap<Long, Snapshot.Pool> pools = new TreeMap<>(base.pools());
            pools.remove(pool);
            broken("I-PP-4", "free", base, with(base, "pools", pools));
        });
        c.put("I-SOCK-1", () -> {
            SortedMap<Long, Snapshot.Socket> sockets = new TreeMap<>(base.sockets());
            sockets.put(sock, with(sockets.get(sock), "wmemAlloc", sockets.get(sock).wmemAlloc() + 1));
            broken("I-SOCK-1", with(base, "sockets", sockets));
        });
        c.put("I-SOCK-2", () -> broken("I-SOCK-2", "put", base,
                skbWith(base, owned, k -> with(k, "truesize", k.truesize() + 64))));
        c.put("I-SOCK-3", () -> broken("I-SOCK-3", skbWith(base, owned, k -> with(k, "destructor", 5))));
        c.put("I-USERS-1", () -> broken("I-USERS-1", "allocSkb", without(base, lone),
                skbWith(base, lone, k -> with(k, "users", 2))));
        c.put("I-USERS-2", () -> {
            SkbModel fresh = new SkbModel();
            long k = fresh.allocSkb(10, false);
            Snapshot before = fresh.snapshot();
            fresh.free(k);
            Snapshot after = fresh.snapshot();
            InvariantChecker checker = new InvariantChecker();
            checker.check("free", before, after);
            expect(checker, "I-USERS-2", "allocSkb", after, before);
        });
        c.put("I-USERS-3", () -> broken("I-USERS-3", skbWith(base, lone, k -> with(k, "users", 0))));
        c.put("I-USERS-4", () -> {
            SkbModel fresh = new SkbModel();
            long k = fresh.allocSkb(10, false);
            fresh.get(k);
            Snapshot before = fresh.snapshot();
            fresh.free(k);
            fresh.free(k);
            broken("I-USERS-4", "free", before, fresh.snapshot());
        });
        c.put("I-USERS-5", () -> broken("I-USERS-5", "shareCheck", without(base, lone),
                skbWith(base, lone, k -> with(k, "users", 2))));
        c.put("I-REF-1", () -> broken("I-REF-1", pageWith(base, page, p -> with(p, "refcount", 0))));
        c.put("I-REF-2", () -> broken("I-REF-2", skbWith(base, lone, k -> with(k, "users", -5))));
        c.put("I-DATA-1", () -> broken("I-DATA-1", skbWith(base, clone, k -> with(k, "cloned", false))));
        c.put("I-DATA-2", () -> broken("I-DATA-2",
                skbWith(skbWith(base, skb, k -> with(k, "dataref", 3)), clone, k -> with(k, "dataref", 3))));
        c.put("I-DATA-3", () -> {
            SortedMap<Long, Snapshot.Page> pagesLeft = new TreeMap<>(base.pages());
            pagesLeft.remove(page);
            broken("I-DATA-3", with(base, "pages", pagesLeft));
        });
        c.put("I-DATA-4", () -> broken("I-DATA-4", skbWith(base, lone, k -> with(k, "dataref", 0))));
        c.put("I-DATA-5", () -> broken("I-DATA-5", "put", base,
                skbWith(base, clone, k -> with(k, "linear", Bytes.copyOf(new byte[] {4, 4, 4})))));
        c.put("I-DATA-6", () -> broken("I-DATA-6", "expandHead", base,
                skbWith(base, lone, k -> with(with(k, "shinfo", 0x999L), "dataref", 2))));
        c.put("I-FCLONE-1", () -> broken("I-FCLONE-1", cacheWith(base, SkbOps.FCLONE_CACHE,
                k -> with(k, "live", k.live() + 1))));
        c.put("I-FCLONE-2", () -> broken("I-FCLONE-2",
                skbWith(skbWith(base, orig, k -> with(k, "fcloneRef", 3)), fc, k -> with(k, "fcloneRef", 3))));
        c.put("I-FCLONE-3", () -> broken("I-FCLONE-3", "clone",
                skbWith(without(base, fc), orig, k -> with(k, "fcloneRef", 2)), base));
        c.put("I-FCLONE-4", () -> broken("I-FCLONE-4", "free", base, without(base, fc)));
        c.put("I-FCLONE-5", () -> broken("I-FCLONE-5", cacheWith(base, SkbOps.HEAD_CACHE,
                k -> with(k, "live", k.live() + 1))));
        c.put("I-FRAG-1", () -> broken("I-FRAG-1", "clone", base,
                pageWith(base, page, p -> with(p, "refcount", p.refcount() + 1))));
        c.put("I-FRAG-2", () -> broken("I-FRAG-2", "clone", base,
                skbWith(base, member, k -> with(k, "users", k.users() + 1))));
        c.put("I-FRAG-3", () -> broken("I-FRAG-3", skbWith(base, skb,
                k -> with(k, "frags", List.of(new Snapshot.Frag(page, Kernel.PAGE_SIZE - 1, 100))))));
        c.put("I-FRAG-4", () -> broken("I-FRAG-4", skbWith(base, headFrag2, k -> with(k, "head", 512))));
        c.put("I-FRAG-5", () -> {
            SkbModel fresh = new SkbModel();
            long to = fresh.allocSkb(0, false);
            long from = fresh.devAllocSkb(1500);
            fresh.put(from, new byte[1000]);
            Snapshot before = fresh.snapshot();
            assertThat(fresh.coalesce(to, from)).as("I-FRAG-5: the head is stolen").isTrue();
            Snapshot after = fresh.snapshot();
            new InvariantChecker().check("coalesce", before, after);
            broken("I-FRAG-5", "coalesce", before, skbWith(after, to, k -> with(k, "frags", List.of())));
        });
        c.put("I-ZC-1", () -> broken("I-ZC-1", ubufWith(base, ubuf, u -> with(u, "refcount", u.refcount() + 1))));
        c.put("I-ZC-2", () -> {
            List<Snapshot.Completion> log = new ArrayList<>(base.completionLog());
            log.add(log.get(0));
            broken("I-ZC-2", with(base, "completionLog", log));
        });
        c.put("I-ZC-3", () -> {
            Snapshot s = base;
            for (Snapshot.Skb k : base.skbs().values()) {
                if (k.ubuf() == ubuf) {
                    s = skbWith(s, k.handle(), x -> with(x, "dontOrphan", false));
                }
            }
            broken("I-ZC-3", s);
        });
        c.put("I-ZC-4", () -> broken("I-ZC-4", socketWith(base, sock, x -> with(x, "errorQueue",
                List.of(new Snapshot.Notification(0, 0, false), new Snapshot.Notification(1, 1, false))))));
        c.put("I-ZC-5", () -> broken("I-ZC-5", socketWith(base, sock, x -> with(x, "zckey", x.zckey() + 1))));
        c.put("I-ZCDRV-1", () -> {
            SortedMap<Long, Snapshot.DriverBuffer> d = new TreeMap<>(base.driverBuffers());
            d.put(buf, with(d.get(buf), "refcount", d.get(buf).refcount() + 1));
            broken("I-ZCDRV-1", with(base, "driverBuffers", d));
        });
        c.put("I-ZCDRV-2", () -> broken("I-ZCDRV-2", skbWith(base, zc, k -> with(with(k, "head", 0), "data", 0))));
        c.put("I-FLIP-1", () -> {
            long head = base.skbs().get(cskb).headOwner();
            SortedMap<Long, Snapshot.UserObject> o = new TreeMap<>(base.objects());
            o.put(head, new Snapshot.UserObject(head, pages, 2, 0, 0, Bytes.EMPTY));
            broken("I-FLIP-1", with(base, "objects", o));
        });
        c.put("I-FLIP-2", () -> {
            SortedMap<Long, Snapshot.UserObject> before = new TreeMap<>(base.objects());
            before.remove(flipped);
            SortedMap<Long, Snapshot.UserObject> after = new TreeMap<>(base.objects());
            byte[] stale = base.objects().get(flipped).bytes().toArray();
            stale[Kernel.PAGE_SIZE - 1] = (byte) 0xAA;
            after.put(flipped, with(after.get(flipped), "bytes", Bytes.copyOf(stale)));
            broken("I-FLIP-2", "pageFlip", with(base, "objects", before), with(base, "objects", after));
        });
        c.put("I-FLIP-3", () -> {
            SortedMap<Long, Snapshot.UserObject> o = new TreeMap<>(base.objects());
            o.put(flipped, with(o.get(flipped), "cache", bounded));
            broken("I-FLIP-3", with(base, "objects", o));
        });
        c.put("I-DESTR-1", () -> {
            List<Snapshot.DestructorRun> log = new ArrayList<>(base.destructorLog());
            log.add(new Snapshot.DestructorRun(clone, 9));
            broken("I-DESTR-1", "free", base, with(base, "destructorLog", log));
        });
        c.put("I-SLAB-1", () -> broken("I-SLAB-1", cacheWith(base, pages, k -> with(k, "free", -1))));
        c.put("I-SLAB-6", () -> broken("I-SLAB-6", cacheWith(base, SkbOps.FIRST_KMALLOC_CACHE + 3,
                k -> with(k, "live", k.live() + 1))));
        c.put("I-SLAB-7", () -> broken("I-SLAB-7", cacheWith(base, bounded, k -> with(k, "free", 10))));
        c.put("I-SLAB-8", () -> broken("I-SLAB-8", cacheWith(base, bounded, k -> with(k, "ctorRuns", 1))));
        c.put("I-SLAB-9", () -> {
            SkbModel fresh = new SkbModel();
            long p = fresh.allocPage();
            Snapshot before = fresh.snapshot();
            fresh.putPage(p);
            Snapshot after = fresh.snapshot();
            InvariantChecker checker = new InvariantChecker();
            checker.check("putPage", before, after);
            expect(checker, "I-SLAB-9", "allocPage", after, before);
        });
        c.put("I-SEG-1", () -> segmented(false, false, (before, after, segs, page, ubuf) -> broken("I-SEG-1",
                "segment", before, pageWith(after, page, p -> with(p, "refcount", p.refcount() - 1)))));
        c.put("I-SEG-2", () -> segmented(true, false, (before, after, segs, page, ubuf) -> broken("I-SEG-2",
                "segment", before, ubufWith(after, ubuf, u -> with(u, "refcount", u.refcount() + 1)))));
        c.put("I-SEG-3", () -> segmented(false, false, (before, after, segs, page, ubuf) -> broken("I-SEG-3",
                "segment", before, skbWith(after, segs[0], k -> with(k, "linear", Bytes.copyOf(new byte[k.tail()
                        - k.data()]))))));
        c.put("I-SEG-4", () -> segmented(false, true, (before, after, segs, page, ubuf) -> broken("I-SEG-4",
                "segment", before, skbWith(after, segs[segs.length - 1], k -> with(with(k, "sk", 0L),
                        "destructor", 0)))));
        c.put("I-SEG-5", () -> segmented(false, false, (before, after, segs, page, ubuf) -> broken("I-SEG-5",
                "segment", before, skbWith(before, before.skbs().firstKey(), k -> with(k, "truesize",
                        k.truesize() + 1)))));
        return c;
    }

    // ---------------------------------------------------------------- plumbing

    interface Segmented {
        void check(Snapshot before, Snapshot after, long[] segs, long page, long ubuf);
    }

    /**
     * A segment of 40 header bytes and 60 linear payload bytes plus a 1000-byte frag into three segments (mss 400,
     * the frag straddling both boundaries): optionally zero-copy with DONT_ORPHAN, optionally owned by sock_wfree;
     * the real step must pass every rule before {@code c} breaks one.
     */
    private static void segmented(boolean zeroCopy, boolean owned, Segmented c) {
        SkbModel m = new SkbModel();
        long skb = m.allocSkb(200, false);
        m.put(skb, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
            26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52,
            53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79,
            80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100});
        long page = m.allocPage();
        byte[] pattern = new byte[1000];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 7 + 3);
        }
        m.writePage(page, 0, pattern);
        long ubuf = 0;
        if (zeroCopy) {
            ubuf = m.ubufAlloc(m.createZerocopySocket(), true);
            m.zerocopyAttach(skb, ubuf, page, 0, 1000);
        } else {
            m.addFrag(skb, page, 0, 1000);
        }
        if (owned) {
            m.setOwnerW(skb, m.createZerocopySocket());
        }
        Snapshot before = m.snapshot();
        long[] segs = m.segment(skb, 40, 400);
        Snapshot after = m.snapshot();
        assertThat(segs).as("I-SEG-3: 1060 payload bytes in 400-byte segments").hasSize(3);
        new InvariantChecker().check("segment", before, after);
        c.check(before, after, segs, page, ubuf);
    }

    private void broken(String id, Snapshot state) {
        expect(new InvariantChecker(), id, "(state)", state, state);
    }

    private void broken(String id, String op, Snapshot before, Snapshot after) {
        expect(new InvariantChecker(), id, op, before, after);
    }

    private static void expect(InvariantChecker checker, String id, String op, Snapshot before, Snapshot after) {
        assertThatThrownBy(() -> checker.check(op, before, after)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(id + ":");
    }

    private static Snapshot skbWith(Snapshot s, long h, UnaryOperator<Snapshot.Skb> f) {
        SortedMap<Long, Snapshot.Skb> skbs = new TreeMap<>(s.skbs());
        skbs.put(h, f.apply(skbs.get(h)));
        return with(s, "skbs", skbs);
    }

    private static Snapshot without(Snapshot s, long h) {
        SortedMap<Long, Snapshot.Skb> skbs = new TreeMap<>(s.skbs());
        skbs.remove(h);
        return with(s, "skbs", skbs);
    }

    private static Snapshot pageWith(Snapshot s, long h, UnaryOperator<Snapshot.Page> f) {
        SortedMap<Long, Snapshot.Page> pages = new TreeMap<>(s.pages());
        pages.put(h, f.apply(pages.get(h)));
        return with(s, "pages", pages);
    }

    private static Snapshot ubufWith(Snapshot s, long h, UnaryOperator<Snapshot.Ubuf> f) {
        SortedMap<Long, Snapshot.Ubuf> u = new TreeMap<>(s.ubufs());
        u.put(h, f.apply(u.get(h)));
        return with(s, "ubufs", u);
    }

    private static Snapshot socketWith(Snapshot s, long h, UnaryOperator<Snapshot.Socket> f) {
        SortedMap<Long, Snapshot.Socket> x = new TreeMap<>(s.sockets());
        x.put(h, f.apply(x.get(h)));
        return with(s, "sockets", x);
    }

    private static Snapshot cacheWith(Snapshot s, int id, UnaryOperator<Snapshot.Cache> f) {
        List<Snapshot.Cache> caches = new ArrayList<>(s.caches());
        caches.set(id, f.apply(caches.get(id)));
        return with(s, "caches", caches);
    }

    /** A copy of a record with one component replaced. */
    @SuppressWarnings("unchecked")
    static <R extends Record> R with(R r, String component, Object value) {
        try {
            RecordComponent[] cs = r.getClass().getRecordComponents();
            Object[] args = new Object[cs.length];
            Class<?>[] types = new Class<?>[cs.length];
            boolean found = false;
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                found |= cs[i].getName().equals(component);
                args[i] = cs[i].getName().equals(component) ? value : cs[i].getAccessor().invoke(r);
            }
            if (!found) {
                throw new IllegalArgumentException(r.getClass() + " has no component " + component);
            }
            return (R) r.getClass().getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
