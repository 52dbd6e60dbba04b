package skbstress.diff;

import static skbstress.diff.Param.bytes;
import static skbstress.diff.Param.choice;
import static skbstress.diff.Param.number;
import static skbstress.diff.Param.ref;
import static skbstress.diff.Population.Kind.DEAD;
import static skbstress.diff.Population.Kind.DRIVER_BUFFER;
import static skbstress.diff.Population.Kind.FLIPPED;
import static skbstress.diff.Population.Kind.HEAD_OBJECT;
import static skbstress.diff.Population.Kind.OBJECT;
import static skbstress.diff.Population.Kind.PAGE;
import static skbstress.diff.Population.Kind.POOL;
import static skbstress.diff.Population.Kind.SKB;
import static skbstress.diff.Population.Kind.SOCKET;
import static skbstress.diff.Population.Kind.UBUF;
import static skbstress.diff.Side.OK;
import static skbstress.diff.Side.made;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * Every step a differential run knows, as one closed set: each constant has its name in the text form,
 * its weight in generated runs, its parameters, how a generated run draws its arguments, and what it
 * calls on one side. Parsing, generation and application all read these constants, so a step cannot
 * be generated that does not parse, nor parsed that does not apply.
 *
 * <p>The declaration order and the weights are part of what a seed means: a generated run picks a step
 * by walking the weights in this order, and each generator draws in a fixed order. Changing either
 * changes every seed's run.
 */
public enum Step {
    ALLOC_SKB("allocSkb", 10, List.of(number("size"), choice("fclone", 2)),
            d -> new int[] {d.nextInt(2500), d.nextInt(2)},
            (s, a) -> made(SKB, s.ops.allocSkb(a[0], a[1] == 1))),
    DEV_ALLOC_SKB("devAllocSkb", 3, List.of(number("len")), d -> new int[] {d.nextInt(1600)},
            (s, a) -> made(SKB, s.ops.devAllocSkb(a[0]))),
    DEV_ALLOC_SKB_IP_ALIGN("devAllocSkbIpAlign", 3, List.of(number("len")), d -> new int[] {d.nextInt(1600)},
            (s, a) -> made(SKB, s.ops.devAllocSkbIpAlign(a[0]))),
    ALLOC_SKB_FROM_CACHE("allocSkbFromCache", 3, List.of(number("size")), d -> new int[] {d.nextInt(3900)},
            (s, a) -> made(SKB, s.ops.allocSkbFromCache(Differential.PAGE_CACHE, a[0]))),
    BUILD_SKB("buildSkb", 2, List.of(ref("page"), number("cacheLines"), number("fragSize")),
            d -> new int[] {d.ref(PAGE, 0), d.nextInt(64), new int[] {384, 512, 1024, 2048, 4096}[d.nextInt(5)]},
            (s, a) -> made(SKB, s.ops.buildSkb(s.h(a[0]), a[1] * Kernel.SMP_CACHE_BYTES, a[2]))),
    RESERVE("reserve", 5, List.of(ref("skb"), number("len")), d -> new int[] {d.skb(), d.nextInt(200)},
            effect((s, a) -> s.ops.reserve(s.h(a[0]), a[1]))),
    PUT("put", 8, List.of(ref("skb"), bytes("len"), number("seed")),
            d -> new int[] {d.skb(), d.nextInt(500), d.raw(1)},
            effect((s, a) -> s.ops.put(s.h(a[0]), pattern(a[1], a[2])))),
    PUSH("push", 4, List.of(ref("skb"), bytes("len"), number("seed")),
            d -> new int[] {d.skb(), d.nextInt(80), d.raw(1)},
            effect((s, a) -> s.ops.push(s.h(a[0]), pattern(a[1], a[2])))),
    PULL("pull", 3, List.of(ref("skb"), number("len")), d -> new int[] {d.skb(), d.nextInt(400)},
            effect((s, a) -> s.ops.pull(s.h(a[0]), a[1]))),
    TRIM("trim", 2, List.of(ref("skb"), number("len")), d -> new int[] {d.skb(), d.nextInt(400)},
            effect((s, a) -> s.ops.trim(s.h(a[0]), a[1]))),
    GET("get", 5, List.of(ref("skb")), d -> new int[] {d.skb()}, effect((s, a) -> s.ops.get(s.h(a[0])))),
    GET_MANY("getMany", 1, List.of(ref("skb"), number("n")), d -> new int[] {d.skb(), 1 + d.nextInt(3)},
            effect((s, a) -> s.ops.getMany(s.h(a[0]), a[1]))),
    FREE("free", 9, List.of(ref("skb")), d -> new int[] {d.skb()}, (s, a) -> s.ops.free(s.h(a[0]))),
    CONSUME("consume", 4, List.of(ref("skb")), d -> new int[] {d.skb()}, (s, a) -> s.ops.consume(s.h(a[0]))),
    SHARE_CHECK("shareCheck", 3, List.of(ref("skb")), d -> new int[] {d.skb()},
            (s, a) -> made(SKB, s.ops.shareCheck(s.h(a[0])))),
    UNSHARE("unshare", 2, List.of(ref("skb")), d -> new int[] {d.skb()},
            (s, a) -> made(SKB, s.ops.unshare(s.h(a[0])))),
    CLONE("clone", 8, List.of(ref("skb")), d -> new int[] {d.skb()}, (s, a) -> made(SKB, s.ops.clone(s.h(a[0])))),
    HEADER_RELEASE("headerRelease", 3, List.of(ref("skb")), d -> new int[] {d.skb()},
            effect((s, a) -> s.ops.headerRelease(s.h(a[0])))),
    CLONED("cloned", 1, List.of(ref("skb")), d -> new int[] {d.skb()}, (s, a) -> s.ops.cloned(s.h(a[0]))),
    HEADER_CLONED("headerCloned", 1, List.of(ref("skb")), d -> new int[] {d.skb()},
            (s, a) -> s.ops.headerCloned(s.h(a[0]))),
    LINEAR_BYTES("linearBytes", 2, List.of(ref("skb")), d -> new int[] {d.skb()},
            (s, a) -> s.ops.linearBytes(s.h(a[0]))),
    BYTES("bytes", 2, List.of(ref("skb")), d -> new int[] {d.skb()}, (s, a) -> s.ops.bytes(s.h(a[0]))),
    ALLOC_PAGE("allocPage", 4, List.of(), d -> new int[0], (s, a) -> made(PAGE, s.ops.allocPage())),
    GET_PAGE("getPage", 2, List.of(ref("page")), d -> new int[] {d.page()},
            effect((s, a) -> s.ops.getPage(s.h(a[0])))),
    PUT_PAGE("putPage", 3, List.of(ref("page")), d -> new int[] {d.page()},
            effect((s, a) -> s.ops.putPage(s.h(a[0])))),
    WRITE_PAGE("writePage", 2, List.of(ref("page"), number("offset"), bytes("len"), number("seed")),
            d -> new int[] {d.ref(PAGE, 0), d.nextInt(4000), d.nextInt(200), d.raw(1)},
            effect((s, a) -> s.ops.writePage(s.h(a[0]), a[1], pattern(a[2], a[3])))),
    ADD_FRAG("addFrag", 4, List.of(ref("skb"), ref("page"), number("offset"), number("size")),
            d -> new int[] {d.skb(), d.page(), d.nextInt(4000), d.nextInt(600)},
            effect((s, a) -> s.ops.addFrag(s.h(a[0]), s.h(a[1]), a[2], a[3]))),
    /**
     * get_page then skb_add_rx_frag, {@code count} times on one skb, so that a run reaches MAX_SKB_FRAGS and
     * its refusal; a refused add gives its reference back, so the caller's share of the page never changes.
     */
    FILL_FRAGS("fillFrags", 1, List.of(ref("skb"), ref("page"), number("count")),
            d -> new int[] {d.skb(), d.page(), 1 + d.nextInt(Kernel.MAX_SKB_FRAGS + 1)},
            effect((s, a) -> {
                // a marked skb takes a pool page's pp reference, not a get_page one (specs/pagepool.md)
                boolean pp = poolPageOfMarked(s.ops.snapshot(), s.h(a[0]), s.h(a[1]));
                for (int k = 0; k < a[2]; k++) {
                    if (!pp) {
                        s.ops.getPage(s.h(a[1]));
                    }
                    try {
                        s.ops.addFrag(s.h(a[0]), s.h(a[1]), 64 * k, 64);
                    } catch (RuntimeException e) {
                        if (!pp) {
                            s.ops.putPage(s.h(a[1])); // the caller keeps what it had: one step, one net effect
                        }
                        throw e;
                    }
                }
            })),
    ADD_FRAG_LIST("addFragList", 2, List.of(ref("skb"), ref("member")), d -> new int[] {d.skb(), d.skb2()},
            effect((s, a) -> s.ops.addFragList(s.h(a[0]), s.h(a[1])))),
    /** skb_try_coalesce and kfree_skb_partial: a true consumes the second skb, which the population then drops. */
    COALESCE("coalesce", 3, List.of(ref("skb"), ref("from")), d -> new int[] {d.skb(), d.skb2()},
            (s, a) -> s.ops.coalesce(s.h(a[0]), s.h(a[1]))),
    /**
     * skb_segment with hdrLen and mss at the edges of the skb's own geometry (read first with view): hdrLen 0, 14,
     * the whole linear part, one past it, -1, or min(40, headlen); mss 0, the payload (one segment), one below
     * it (a 1-byte last segment), one above, a third of it, 536, or -1.
     */
    SEGMENT("segment", 3, List.of(ref("skb"), choice("hdrLen", 6), choice("mss", 7)),
            d -> new int[] {d.skb(), d.nextInt(6), d.nextInt(7)}, (s, a) -> {
                Snapshot.Skb v = s.ops.view(s.h(a[0]));
                int headlen = v.len() - v.dataLen();
                int hdr = new int[] {0, 14, headlen, headlen + 1, -1, Math.min(40, headlen)}[a[1]];
                int payload = v.len() - hdr;
                int mss = new int[] {0, payload, payload - 1, payload + 1, Math.max(1, payload / 3), 536, -1}[a[2]];
                return new Side.Segments(s.ops.segment(s.h(a[0]), hdr, mss));
            }),
    /** Frees one of the segments no step names (see {@link Side.Segments}); nothing when none is pending. */
    FREE_SEGMENT("freeSegment", 4, List.of(number("pick")), d -> new int[] {d.raw(2)},
            (s, a) -> s.ops.free(s.map(s.pendingSegment(a[0])))) {
        @Override
        String calls(int[] args) {
            return "free";
        }
    },
    PSKB_COPY("pskbCopy", 2, List.of(ref("skb")), d -> new int[] {d.skb()},
            (s, a) -> made(SKB, s.ops.pskbCopy(s.h(a[0])))),
    COPY("copy", 1, List.of(ref("skb")), d -> new int[] {d.skb()}, (s, a) -> made(SKB, s.ops.copy(s.h(a[0])))),
    EXPAND_HEAD("expandHead", 2, List.of(ref("skb"), number("nhead"), number("ntail")),
            d -> new int[] {d.skb(), d.nextInt(200), d.nextInt(200)},
            effect((s, a) -> s.ops.expandHead(s.h(a[0]), a[1], a[2]))),
    /** pskb_expand_head to one below, at, or one above the largest head kmalloc gives (KMALLOC_MAX_SIZE). */
    EXPAND_HEAD_TO_LIMIT("expandHeadToLimit", 1, List.of(ref("skb"), choice("offByOne", 3)),
            d -> new int[] {d.skb(), d.nextInt(3)},
            effect((s, a) -> {
                Snapshot.Skb v = s.ops.view(s.h(a[0]));
                int room = Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE) - (v.end() - v.head());
                s.ops.expandHead(s.h(a[0]), room + a[1] - 1, 0);
            })),
    /** A frag_list of members and their clones whose len is one below, at, or one above MAX_SKB_LEN. */
    LEN_TO_LIMIT("lenToLimit", 1, List.of(choice("offByOne", 3)), d -> new int[] {d.nextInt(3)},
            effect((s, a) -> LimitSteps.lenToLimit(s.ops, a[0]))),
    /** frag_lists nested one below, at, or one above MAX_FRAG_LIST_DEPTH. */
    NEST_TO_LIMIT("nestToLimit", 1, List.of(choice("offByOne", 3)), d -> new int[] {d.nextInt(3)},
            effect((s, a) -> LimitSteps.nestToLimit(s.ops, a[0]))),
    /** An skb whose truesize is one below, at, or one above INT_MAX (a bound len never reaches). */
    TRUESIZE_TO_LIMIT("truesizeToLimit", 1, List.of(choice("offByOne", 3)), d -> new int[] {d.nextInt(3)},
            effect((s, a) -> LimitSteps.truesizeToLimit(s.ops, a[0]))),
    /** skb_try_coalesce with the merged frags one below, at, or one above MAX_SKB_FRAGS, head stolen or not. */
    COALESCE_TO_LIMIT("coalesceToLimit", 1, List.of(choice("offByOne", 3), choice("steal", 2)),
            d -> new int[] {d.nextInt(3), d.nextInt(2)},
            (s, a) -> LimitSteps.coalesceToLimit(s.ops, a[0], a[1] == 1)),
    COW("cow", 2, List.of(ref("skb"), number("headroom")), d -> new int[] {d.skb(), d.nextInt(300)},
            effect((s, a) -> s.ops.cow(s.h(a[0]), a[1]))),
    COW_HEAD("cowHead", 2, List.of(ref("skb"), number("headroom")), d -> new int[] {d.skb(), d.nextInt(300)},
            effect((s, a) -> s.ops.cowHead(s.h(a[0]), a[1]))),
    CREATE_DRIVER_BUFFER("createDriverBuffer", 1, List.of(number("size")), d -> new int[] {60 + d.nextInt(4000)},
            (s, a) -> made(DRIVER_BUFFER, s.ops.createDriverBuffer(a[0], null))),
    WRITE_DRIVER_BUFFER("writeDriverBuffer", 1, List.of(ref("buffer"), number("offset"), bytes("len"),
            number("seed")), d -> new int[] {d.ref(DRIVER_BUFFER, 0), d.nextInt(4000), d.nextInt(300), d.raw(1)},
            effect((s, a) -> s.ops.writeDriverBuffer(s.h(a[0]), a[1], pattern(a[2], a[3])))),
    MAKE_ZERO_COPY_SKB("makeZeroCopySkb", 3, List.of(ref("buffer"), number("offset"), number("len")),
            d -> new int[] {d.ref(DRIVER_BUFFER, 0), d.nextInt(8) == 0 ? d.nextInt(2000) : 64 * d.nextInt(32),
                d.nextInt(1000)},
            (s, a) -> made(SKB, s.ops.makeZeroCopySkb(s.h(a[0]), a[1], a[2]))),
    RELEASE_DRIVER_BUFFER("releaseDriverBuffer", 1, List.of(ref("buffer")), d -> new int[] {d.ref(DRIVER_BUFFER, 0)},
            effect((s, a) -> s.ops.releaseDriverBuffer(s.h(a[0])))),
    CREATE_SOCKET("createSocket", 1, List.of(), d -> new int[0],
            (s, a) -> made(SOCKET, s.ops.createZerocopySocket())),
    UBUF_ALLOC("ubufAlloc", 2, List.of(ref("socket"), choice("dontOrphan", 2)),
            d -> new int[] {d.ref(SOCKET, 0), d.nextInt(2)},
            (s, a) -> made(UBUF, s.ops.ubufAlloc(s.h(a[0]), a[1] == 1))),
    UBUF_EXTEND("ubufExtend", 1, List.of(ref("ubuf")), d -> new int[] {d.ref(UBUF, 0)},
            effect((s, a) -> s.ops.ubufExtend(s.h(a[0])))),
    UBUF_PUT("ubufPut", 2, List.of(ref("ubuf")), d -> new int[] {d.ref(UBUF, 0)},
            effect((s, a) -> s.ops.ubufPut(s.h(a[0])))),
    ZEROCOPY_ATTACH("zerocopyAttach", 2, List.of(ref("skb"), ref("ubuf"), ref("page"), number("offset"),
            number("size")), d -> new int[] {d.skb(), d.ref(UBUF, 2), d.page(), d.nextInt(4000), d.nextInt(600)},
            effect((s, a) -> s.ops.zerocopyAttach(s.h(a[0]), s.h(a[1]), s.h(a[2]), a[3], a[4]))),
    ORPHAN_FRAGS("orphanFrags", 1, List.of(ref("skb")), d -> new int[] {d.skb()},
            effect((s, a) -> s.ops.orphanFrags(s.h(a[0])))),
    READ_ERROR_QUEUE("readErrorQueue", 1, List.of(ref("socket")), d -> new int[] {d.ref(SOCKET, 0)},
            (s, a) -> s.ops.readErrorQueue(s.h(a[0]))),
    PAGE_FLIP("pageFlip", 2, List.of(ref("skb"), number("domain")), d -> new int[] {d.skb(), d.nextInt(4)},
            (s, a) -> new Side.Made(FLIPPED, s.ops.pageFlip(s.h(a[0]), a[1]), a[1])),
    /** Released by its owner domain, or (how 0) by the next domain, which does not own it. */
    RELEASE_FLIPPED("releaseFlipped", 2, List.of(ref("page"), choice("how", 4)),
            d -> new int[] {d.ref(FLIPPED, 0), d.nextInt(4)}, effect((s, a) -> {
                long m = s.modelHandle(a[0]);
                int owner = s.flippedDomain(m);
                s.ops.releaseFlipped(a[1] == 0 ? (owner + 1) % SkbOps.MAX_DOMAINS : owner, s.map(m));
            })),
    /** how: 0 a cache object, 1 an skb's head object, 2 a flipped page as its owner, 3 as the domain below. */
    READ_OBJECT("readObject", 1, List.of(ref("object"), choice("how", 4)), d -> {
        int how = d.nextInt(4);
        return new int[] {d.ref(how >= 2 ? FLIPPED : how == 1 ? HEAD_OBJECT : OBJECT, 0), how};
    }, (s, a) -> {
        long m = s.modelHandle(a[0]);
        int domain = a[1] >= 2 ? s.flippedDomain(m) - (a[1] == 3 ? 1 : 0) : 0;
        return s.ops.readObject(domain, s.map(m));
    }),
    WRITE_OBJECT("writeObject", 1, List.of(ref("object"), number("offset"), bytes("len"), number("seed")),
            d -> new int[] {d.ref(d.raw(0) % 2 == 0 ? OBJECT : HEAD_OBJECT, 0), d.nextInt(140), d.nextInt(40),
                d.raw(1)},
            effect((s, a) -> s.ops.writeObject(SkbOps.LOCAL_DOMAIN, s.h(a[0]), a[1], pattern(a[2], a[3])))),
    SET_DESTRUCTOR("setDestructor", 1, List.of(ref("skb"), number("tag")), d -> new int[] {d.skb(), d.nextInt(4)},
            effect((s, a) -> s.ops.setDestructor(s.h(a[0]), a[1]))),
    ORPHAN("orphan", 1, List.of(ref("skb")), d -> new int[] {d.skb()}, effect((s, a) -> s.ops.orphan(s.h(a[0])))),
    LINEARIZE("linearize", 2, List.of(ref("skb")), d -> new int[] {d.skb()},
            effect((s, a) -> s.ops.linearize(s.h(a[0])))),
    PSKB_MAY_PULL("pskbMayPull", 2, List.of(ref("skb"), number("edge"), number("nudge")),
            d -> new int[] {d.skb(), d.nextInt(8), d.nextInt(3)},
            (s, a) -> s.ops.pskbMayPull(s.h(a[0]), atEdge(s, a))),
    PSKB_PULL("pskbPull", 2, List.of(ref("skb"), number("edge"), number("nudge")),
            d -> new int[] {d.skb(), d.nextInt(8), d.nextInt(3)},
            effect((s, a) -> s.ops.pskbPull(s.h(a[0]), atEdge(s, a)))),
    PSKB_TRIM("pskbTrim", 2, List.of(ref("skb"), number("edge"), number("nudge")),
            d -> new int[] {d.skb(), d.nextInt(8), d.nextInt(3)},
            effect((s, a) -> s.ops.pskbTrim(s.h(a[0]), atEdge(s, a)))),
    EXT_ADD("extAdd", 2, List.of(ref("skb"), number("id"), number("value")),
            d -> new int[] {d.skb(), d.nextInt(SkbOps.SKB_EXT_NUM + 1), d.nextInt(100)},
            effect((s, a) -> s.ops.extAdd(s.h(a[0]), a[1], a[2]))),
    EXT_DEL("extDel", 1, List.of(ref("skb"), number("id")), d -> new int[] {d.skb(), d.nextInt(SkbOps.SKB_EXT_NUM)},
            effect((s, a) -> s.ops.extDel(s.h(a[0]), a[1]))),
    EXT_FIND("extFind", 1, List.of(ref("skb"), number("id")), d -> new int[] {d.skb(), d.nextInt(SkbOps.SKB_EXT_NUM)},
            (s, a) -> s.ops.extFind(s.h(a[0]), a[1])),
    CREATE_PAGE_POOL("createPagePool", 1, List.of(number("capacity")),
            d -> new int[] {new int[] {0, 1, 2, 4}[d.nextInt(4)]}, (s, a) -> made(POOL, s.ops.createPagePool(a[0]))),
    POOL_ALLOC_PAGE("poolAllocPage", 3, List.of(ref("pool")), d -> new int[] {d.ref(POOL, 0)},
            (s, a) -> made(PAGE, s.ops.poolAllocPage(s.h(a[0])))),
    POOL_PUT_PAGE("poolPutPage", 2, List.of(ref("page")), d -> new int[] {d.page()},
            effect((s, a) -> s.ops.poolPutPage(s.h(a[0])))),
    MARK_FOR_RECYCLE("markForRecycle", 3, List.of(ref("skb")), d -> new int[] {d.skb()},
            effect((s, a) -> s.ops.markForRecycle(s.h(a[0])))),
    DESTROY_PAGE_POOL("destroyPagePool", 1, List.of(ref("pool")), d -> new int[] {d.ref(POOL, 0)},
            effect((s, a) -> s.ops.destroyPagePool(s.h(a[0])))),
    SET_OWNER_W("setOwnerW", 2, List.of(ref("skb"), ref("socket")), d -> new int[] {d.skb(), d.ref(SOCKET, 0)},
            effect((s, a) -> s.ops.setOwnerW(s.h(a[0]), s.h(a[1])))),
    SET_OWNER_R("setOwnerR", 1, List.of(ref("skb"), ref("socket")), d -> new int[] {d.skb(), d.ref(SOCKET, 0)},
            effect((s, a) -> s.ops.setOwnerR(s.h(a[0]), s.h(a[1])))),
    FCLONE_BUSY("fcloneBusy", 1, List.of(ref("socket"), ref("skb")), d -> new int[] {d.ref(SOCKET, 0), d.skb()},
            (s, a) -> s.ops.fcloneBusy(s.h(a[0]), s.h(a[1]))),
    /** cpu NAPI_CPUS is out of range (refused); lengths cross the 1 KiB fragment, page fragment and kmalloc heads. */
    NAPI_ALLOC_SKB("napiAllocSkb", 4, List.of(choice("cpu", SkbOps.NAPI_CPUS + 1), number("len")),
            d -> new int[] {d.nextInt(SkbOps.NAPI_CPUS + 1), d.nextInt(4200)},
            (s, a) -> made(SKB, s.ops.napiAllocSkb(a[0], a[1]))),
    /** budget 0 (consume_skb) or a NAPI budget. */
    NAPI_CONSUME_SKB("napiConsumeSkb", 5, List.of(ref("skb"), choice("cpu", SkbOps.NAPI_CPUS), choice("budget", 3)),
            d -> new int[] {d.skb(), d.nextInt(SkbOps.NAPI_CPUS), d.nextInt(3)},
            effect((s, a) -> s.ops.napiConsumeSkb(s.h(a[0]), a[1], a[2] * 32))),
    NAPI_CACHE_DRAIN("napiCacheDrain", 1, List.of(choice("cpu", SkbOps.NAPI_CPUS)),
            d -> new int[] {d.nextInt(SkbOps.NAPI_CPUS)}, effect((s, a) -> s.ops.napiCacheDrain(a[0]))),
    CACHE_ALLOC("cacheAlloc", 2, List.of(choice("cache", 3)), d -> new int[] {d.nextInt(3)},
            (s, a) -> made(OBJECT, s.ops.cacheAlloc(Caches.ALLOC[a[0]]))),
    /** Choices 3 and 4 free into the right cache or the wrong one for the object's kind. */
    CACHE_FREE("cacheFree", 2, List.of(ref("object"), choice("cache", 5)),
            d -> new int[] {d.ref(OBJECT, 0), d.nextInt(5)},
            effect((s, a) -> s.ops.cacheFree(Caches.FREE[a[1]], s.h(a[0])))),
    DATA_OBJECT("dataObject", 1, List.of(ref("skb")), d -> new int[] {d.skb()},
            (s, a) -> made(HEAD_OBJECT, s.ops.dataObject(s.h(a[0])))),
    /**
     * A handle whose object is gone, used again by one of six operations: once its struct is reused, the
     * edit and the clone must be refused as the release of its own life was (I-SLAB-9), not act on the new
     * owner's skb.
     */
    STALE("stale", 2, List.of(ref("dead"), choice("call", 6)), d -> new int[] {d.ref(DEAD, 0), d.nextInt(6)},
            (s, a) -> switch (a[1]) {
                case 0 -> s.ops.free(s.h(a[0]));
                case 1 -> {
                    s.ops.get(s.h(a[0]));
                    yield OK;
                }
                case 2 -> {
                    s.ops.putPage(s.h(a[0]));
                    yield OK;
                }
                case 3 -> s.ops.linearBytes(s.h(a[0]));
                case 4 -> {
                    s.ops.put(s.h(a[0]), pattern(8, 5));
                    yield OK;
                }
                default -> made(SKB, s.ops.clone(s.h(a[0])));
            }) {
        @Override
        String calls(int[] args) {
            return new String[] {"free", "get", "putPage", "linearBytes", "put", "clone"}[args[1]];
        }
    },
    /** A handle no side ever handed out. */
    FORGED("forged", 1, List.of(choice("call", 3)), d -> new int[] {d.nextInt(3)}, (s, a) -> {
        long x = s.map(Step.FORGED_HANDLE + a[0]);
        return switch (a[0]) {
            case 0 -> s.ops.free(x);
            case 1 -> made(SKB, s.ops.clone(x));
            default -> {
                s.ops.ubufPut(x);
                yield OK;
            }
        };
    }) {
        @Override
        String calls(int[] args) {
            return new String[] {"free", "clone", "ubufPut"}[args[0]];
        }
    };

    /** An argument of a reference parameter that names no step: the operation gets NULL. */
    public static final int NONE = Integer.MIN_VALUE;
    private static final long FORGED_HANDLE = 0x0123_4567L;
    private static final Map<String, Step> BY_TEXT = new HashMap<>();

    static {
        for (Step s : values()) {
            BY_TEXT.put(s.text, s);
        }
    }

    @FunctionalInterface
    interface Generator {
        int[] args(Draw d);
    }

    /** What one side's call returned: a value, {@link Side#OK}, or a {@link Side.Made}. */
    @FunctionalInterface
    interface Action {
        Object apply(Side s, int[] args);
    }

    @FunctionalInterface
    interface Effect {
        void apply(Side s, int[] args);
    }

    private final String text;
    private final int weight;
    private final List<Param> params;
    private final Generator generator;
    private final Action action;

    Step(String text, int weight, List<Param> params, Generator generator, Action action) {
        this.text = text;
        this.weight = weight;
        this.params = params;
        this.generator = generator;
        this.action = action;
    }

    private static Action effect(Effect e) {
        return (s, a) -> {
            e.apply(s, a);
            return OK;
        };
    }

    /** The step with this name in the text form, or null. */
    public static Step named(String text) {
        return BY_TEXT.get(text);
    }

    /** Every step's name, for messages. */
    static String names() {
        return Stream.of(values()).map(Step::text).collect(Collectors.joining(", "));
    }

    public String text() {
        return text;
    }

    public int arity() {
        return params.size();
    }

    int weight() {
        return weight;
    }

    Param param(int i) {
        return params.get(i);
    }

    /** The SkbOps method the step calls with these arguments (what the invariant checker is told). */
    String calls(int[] args) {
        return text;
    }

    /** Arguments for this step, drawn by a generated run. */
    int[] generate(Draw d) {
        return generator.args(d);
    }

    Object apply(Side side, int[] args) {
        return action.apply(side, args);
    }

    /** Why {@code args} cannot be this step's arguments (the first bad one, numbered from 1), or null. */
    String refuse(int[] args) {
        if (args.length != params.size()) {
            return text + " takes " + params.size() + (params.size() == 1 ? " argument" : " arguments")
                    + (params.isEmpty() ? "" : " (" + signature() + ")") + ", not " + args.length;
        }
        for (int i = 0; i < args.length; i++) {
            String why = params.get(i).refuse(args[i]);
            if (why != null) {
                return "argument " + (i + 1) + " '" + args[i] + "': " + why;
            }
        }
        return null;
    }

    String signature() {
        return params.stream().map(Param::toString).collect(Collectors.joining(" "));
    }

    /**
     * A length at one of the skb's edges as this side sees it now, {@code a[2] - 1} bytes off: its edges are 0, the
     * end of its linear part, the end of each frag, the end of each frag_list member (in that order), and len;
     * {@code a[1]} picks one (modulo their number). A step on a handle that names no live skb uses {@code a[1]}.
     */
    static int atEdge(Side s, int[] a) {
        Snapshot.Skb k;
        try {
            k = s.ops.view(s.h(a[0])); // one skb's view: a whole snapshot per step would slow the soak
        } catch (RuntimeException e) {
            return a[1] + a[2] - 1;
        }
        List<Integer> edges = new java.util.ArrayList<>(List.of(0, k.len() - k.dataLen()));
        int at = k.len() - k.dataLen();
        for (Snapshot.Frag f : k.frags()) {
            edges.add(at += f.size());
        }
        for (long m : k.fragList()) {
            edges.add(at += s.ops.view(m).len());
        }
        edges.add(k.len());
        return edges.get(a[1] % edges.size()) + a[2] - 1;
    }

    /** Whether a frag of {@code page} on {@code skb} would take a pp reference: a pool page, a marked skb. */
    private static boolean poolPageOfMarked(Snapshot snap, long skb, long page) {
        Snapshot.Skb k = snap.skbs().get(skb);
        Snapshot.Page p = snap.pages().get(page);
        return k != null && k.ppRecycle() && p != null && p.pool() != 0;
    }

    /** Bytes a step puts or writes: a pattern both sides get alike. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 131 + i * 7 + 3);
        }
        return b;
    }

    /** The caches a cache step names by number: created by every run, or built in. */
    private static final class Caches {
        private static final int KMALLOC_128 = SkbOps.FIRST_KMALLOC_CACHE + 1;
        static final int[] ALLOC = {Differential.OBJECT_CACHE, Differential.PAGE_CACHE, KMALLOC_128};
        static final int[] FREE = {Differential.OBJECT_CACHE, Differential.PAGE_CACHE, KMALLOC_128,
            Differential.OBJECT_CACHE, Differential.PAGE_CACHE};
    }
}
