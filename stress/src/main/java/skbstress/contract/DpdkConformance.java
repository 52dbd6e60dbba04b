package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.ErrorCode;
import skbstress.api.HeadKind;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * DPDK's mbuf tests (app/test/test_mbuf.c), mapped onto skbs: specs/conformance.md, C-DPDK-1..17. An mbuf's
 * data refcount is an skb's {@code dataref} (clone = attach, freeing the clone = detach), a chain through
 * {@code next} is a frag_list, an external buffer with a free callback is a driver buffer with its free
 * function, a mempool is a bounded cache (the head cache, or a caller's cache of heads).
 */
public abstract class DpdkConformance extends ContractBase {
    /** The test's MAGIC_DATA. */
    private static final int MAGIC = 0x42424242;
    /** NB_MBUF: the size of the test's pools. */
    private static final int POOL = 128;

    private static byte[] word(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static Bytes words(int... vs) {
        byte[] out = new byte[vs.length * 4];
        for (int i = 0; i < vs.length; i++) {
            System.arraycopy(word(vs[i]), 0, out, i * 4, 4);
        }
        return Bytes.copyOf(out);
    }

    private long packet(int value) {
        long skb = ops.allocSkb(64, false);
        ops.put(skb, word(value));
        return skb;
    }

    /** A two-segment packet: MAGIC in the head, MAGIC + 1 in a frag_list member. */
    private long chain() {
        long m = packet(MAGIC);
        ops.addFragList(m, packet(MAGIC + 1));
        return m;
    }

    @Test
    @DisplayName("C-DPDK-1 test_mbuf testclone_testupdate_testdetach: a clone reads MAGIC, refcnt 2; freeing it "
            + "drops to 1")
    void cloneSharesTheData() {
        long m = packet(MAGIC);
        long clone = ops.clone(m);
        assertThat(ops.bytes(clone)).as("C-DPDK-1: the clone reads MAGIC").isEqualTo(words(MAGIC));
        assertThat(v(m).dataref()).as("C-DPDK-1: refcnt after the clone").isEqualTo(2);
        ops.free(clone);
        assertThat(v(m).dataref()).as("C-DPDK-1: refcnt after freeing the clone").isEqualTo(1);
        ops.free(m);
    }

    @Test
    @DisplayName("C-DPDK-2 test_mbuf testclone_testupdate_testdetach, chain: the clone reads both segments; adapted: "
            + "the frag_list is shared through the data, pskb_copy takes each member")
    void cloneOfAChain() {
        long m = chain();
        long member = v(m).fragList().get(0);
        long clone = ops.clone(m);
        assertThat(ops.bytes(clone)).as("C-DPDK-2: both segments through the clone").isEqualTo(words(MAGIC, MAGIC + 1));
        assertThat(v(m).dataref()).as("C-DPDK-2: the head's data has two holders").isEqualTo(2);
        assertThat(v(member).users()).as("C-DPDK-2 (adapted): a clone shares the list, not the member").isEqualTo(1);
        long copy = ops.pskbCopy(m);
        assertThat(v(member).users()).as("C-DPDK-2: pskb_copy holds the member, as each cloned segment does")
                .isEqualTo(2);
        ops.free(m);
        ops.free(clone);
        ops.free(copy);
        assertThat(ops.snapshot().skbs()).as("C-DPDK-2: every segment returned").isEmpty();
    }

    @Test
    @DisplayName("C-DPDK-3 test_mbuf testclone_testupdate_testdetach, clone of a clone: refcnt 3 on the original's "
            + "data; freeing all three returns all")
    void cloneOfAClone() {
        long m = packet(MAGIC);
        long c1 = ops.clone(m);
        long c2 = ops.clone(c1);
        assertThat(v(m).dataref()).as("C-DPDK-3: refcnt after two clones").isEqualTo(3);
        assertThat(v(c2).shinfo()).as("C-DPDK-3: attached to the original's data").isEqualTo(v(m).shinfo());
        assertThat(ops.bytes(c2)).as("C-DPDK-3: reads MAGIC").isEqualTo(words(MAGIC));
        ops.free(m);
        ops.free(c1);
        ops.free(c2);
        assertThat(ops.snapshot().liveObjects()).as("C-DPDK-3: nothing left").isZero();
    }

    @Test
    @DisplayName("C-DPDK-4 test_mbuf test_pktmbuf_copy: copies are never cloned; of a packet, a clone, a chain "
            + "(one segment MAGIC,MAGIC+1), past offset 4, cut to 4")
    void copiesArePrivate() {
        long m = packet(MAGIC);
        long c = ops.copy(m);
        assertThat(ops.cloned(c)).as("C-DPDK-4: a copy is not cloned").isFalse();
        assertThat(ops.bytes(c)).as("C-DPDK-4: copy of the packet").isEqualTo(words(MAGIC));
        long clone = ops.clone(m);
        long ofClone = ops.copy(clone);
        assertThat(ops.cloned(ofClone)).as("C-DPDK-4: copy of a clone is not cloned").isFalse();
        assertThat(ops.bytes(ofClone)).as("C-DPDK-4: copy of the clone").isEqualTo(words(MAGIC));
        long ch = chain();
        long flat = ops.copy(ch);
        assertThat(v(flat).len()).as("C-DPDK-4: copy of the chain, 8 bytes").isEqualTo(8);
        assertThat(v(flat).fragList()).as("C-DPDK-4: in one segment").isEmpty();
        assertThat(ops.linearBytes(flat)).as("C-DPDK-4: MAGIC, MAGIC+1").isEqualTo(words(MAGIC, MAGIC + 1));
        long offset = ops.copy(ch);
        ops.pull(offset, 4);
        assertThat(ops.bytes(offset)).as("C-DPDK-4: from offset 4").isEqualTo(words(MAGIC + 1));
        long cut = ops.copy(ch);
        ops.trim(cut, 4);
        assertThat(ops.bytes(cut)).as("C-DPDK-4: cut to 4").isEqualTo(words(MAGIC));
        for (long s : new long[] {m, c, clone, ofClone, ch, flat, offset, cut}) {
            ops.free(s);
        }
    }

    @Test
    @DisplayName("C-DPDK-5 test_mbuf test_attach_from_different_pool: attach twice (refcnt 2, 3) reading the "
            + "original's data; detach twice (2, 1)")
    void attachAndDetach() {
        long m = ops.allocSkb(256, false);
        ops.reserve(m, 128);
        ops.put(m, word(MAGIC));
        long a = ops.clone(m);
        assertThat(v(m).dataref()).as("C-DPDK-5: refcnt after the first attach").isEqualTo(2);
        assertThat(v(a).data() - v(a).head()).as("C-DPDK-5: the attached one sees the original's headroom")
                .isEqualTo(128);
        long b = ops.clone(a);
        assertThat(v(m).dataref()).as("C-DPDK-5: refcnt after attaching to the attached one").isEqualTo(3);
        assertThat(v(b).data()).as("C-DPDK-5: same data offset").isEqualTo(v(m).data());
        ops.free(b);
        assertThat(v(m).dataref()).as("C-DPDK-5: after one detach").isEqualTo(2);
        ops.free(a);
        assertThat(v(m).dataref()).as("C-DPDK-5: after both").isEqualTo(1);
        assertThat(ops.bytes(m)).as("C-DPDK-5: the original's data unchanged").isEqualTo(words(MAGIC));
        ops.free(m);
    }

    @Test
    @DisplayName("C-DPDK-6 test_mbuf test_pktmbuf_pool: all 128 taken, the 129th and a clone fail; after freeing, "
            + "a second run succeeds")
    void poolExhaustion() {
        reset(new SkbConfig(POOL, 0, 0, 0));
        for (int run = 0; run < 2; run++) {
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                all.add(ops.allocSkb(64, false));
            }
            assertThat(refused(ErrorCode.EXHAUSTED, () -> ops.allocSkb(64, false)).invariant())
                    .as("C-DPDK-6: run %d, the 129th", run).isEqualTo("I-SLAB-7");
            refused(ErrorCode.EXHAUSTED, () -> ops.clone(all.get(0)));
            all.forEach(ops::free);
            assertThat(cache(SkbOps.HEAD_CACHE).live()).as("C-DPDK-6: run %d, all back", run).isZero();
        }
    }

    @Test
    @DisplayName("C-DPDK-7 test_mbuf test_pktmbuf_pool_bulk: 128 out, then freed 32 at a time: 32, 64, 96, 128 "
            + "available; again, and one free of all")
    void bulkSteps() {
        int c = ops.createCache("pool", 64, 0, null, POOL);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            out.add(ops.cacheAlloc(c));
        }
        assertThat(cache(c).free()).as("C-DPDK-7: the pool is empty").isZero();
        for (int step = 1; step <= 4; step++) {
            for (int i = 0; i < 32; i++) {
                ops.cacheFree(c, out.remove(out.size() - 1));
            }
            assertThat(cache(c).free()).as("C-DPDK-7: available after %d frees of 32", step).isEqualTo(32 * step);
        }
        for (int step = 0; step < 4; step++) {
            for (int i = 0; i < 32; i++) {
                out.add(ops.cacheAlloc(c));
            }
        }
        assertThat(cache(c).free()).as("C-DPDK-7: empty again").isZero();
        out.forEach(o -> ops.cacheFree(c, o));
        assertThat(cache(c).free()).as("C-DPDK-7: full").isEqualTo(POOL);
    }

    @Test
    @DisplayName("C-DPDK-8 test_mbuf test_pktmbuf_pool_bulk: all 128 chained into one packet; one free returns every "
            + "segment")
    void oneFreeReturnsTheWholeChain() {
        reset(new SkbConfig(POOL, 0, 0, 0));
        long head = ops.allocSkb(64, false);
        for (int i = 1; i < POOL; i++) {
            ops.addFragList(head, ops.allocSkb(64, false));
        }
        assertThat(cache(SkbOps.HEAD_CACHE).free()).as("C-DPDK-8: the pool is empty").isZero();
        assertThat(ops.free(head)).as("C-DPDK-8: the one free").isTrue();
        assertThat(cache(SkbOps.HEAD_CACHE).live()).as("C-DPDK-8: every segment back").isZero();
    }

    @Test
    @DisplayName("C-DPDK-9 test_mbuf test_pktmbuf_pool_bulk, two pools: 256 packets by i & 4, chains of 16; one "
            + "chain returns 8 to each pool")
    void chainsAcrossTwoPools() {
        int[] pools = {ops.createCache("pool-a", 1024, 0, null, POOL), ops.createCache("pool-b", 1024, 0, null, POOL)};
        List<Long> chains = new ArrayList<>();
        for (int i = 0; i < 2 * POOL; i++) {
            long skb = ops.allocSkbFromCache(pools[(i & 4) == 0 ? 0 : 1], 100);
            if (i % 16 == 0) {
                chains.add(skb);
            } else {
                ops.addFragList(chains.get(chains.size() - 1), skb);
            }
        }
        assertThat(cache(pools[0]).free() + cache(pools[1]).free()).as("C-DPDK-9: both pools empty").isZero();
        ops.free(chains.remove(0));
        assertThat(cache(pools[0]).free()).as("C-DPDK-9: 8 back to the first pool").isEqualTo(8);
        assertThat(cache(pools[1]).free()).as("C-DPDK-9: 8 back to the second pool").isEqualTo(8);
        chains.forEach(ops::free);
        assertThat(cache(pools[0]).free()).as("C-DPDK-9: the first pool full").isEqualTo(POOL);
        assertThat(cache(pools[1]).free()).as("C-DPDK-9: the second pool full").isEqualTo(POOL);
    }

    /**
     * rte_pktmbuf_alloc_bulk's rule on operations that take one object at a time: all {@code n} or nothing.
     * On exhaustion the objects taken so far go back, so a failed batch leaves the pool as it was.
     */
    private List<Long> allocBatch(int c, int n) {
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                got.add(ops.cacheAlloc(c));
            } catch (SkbException e) {
                assertThat(e.code()).as("a batch fails only on exhaustion").isEqualTo(ErrorCode.EXHAUSTED);
                got.forEach(o -> ops.cacheFree(c, o));
                return null;
            }
        }
        return got;
    }

    @Test
    @DisplayName("C-DPDK-10 test_mbuf test_pktmbuf_alloc_bulk: batches of 0, 31, 33, 48, 64, 63, 65, 32 from a "
            + "128 pool succeed")
    void batchesThatFit() {
        int c = ops.createCache("pool", 64, 0, null, POOL);
        for (int n : new int[] {0, 31, 33, 48, 64, 63, 65, 32}) {
            List<Long> got = allocBatch(c, n);
            assertThat(got).as("C-DPDK-10: a batch of %d", n).isNotNull().hasSize(n).doesNotHaveDuplicates();
            got.forEach(o -> ops.cacheFree(c, o));
        }
        assertThat(cache(c).live()).as("C-DPDK-10: all back").isZero();
    }

    @Test
    @DisplayName("C-DPDK-11 test_mbuf test_neg_pktmbuf_alloc_bulk: batches of 129 and 1024 fail and take nothing; "
            + "adapted: no unsigned counts, the refused allocation changes nothing")
    void batchesThatDoNotFitTakeNothing() {
        int c = ops.createCache("pool", 64, 0, null, POOL);
        for (int n : new int[] {POOL + 1, 1024}) {
            assertThat(allocBatch(c, n)).as("C-DPDK-11: a batch of %d fails", n).isNull();
            assertThat(cache(c).live()).as("C-DPDK-11: nothing taken after %d", n).isZero();
            assertThat(cache(c).free()).as("C-DPDK-11: the pool whole after %d", n).isEqualTo(POOL);
        }
        List<Long> all = allocBatch(c, POOL);
        refused(ErrorCode.EXHAUSTED, () -> ops.cacheAlloc(c));
        all.forEach(o -> ops.cacheFree(c, o));
    }

    @Test
    @DisplayName("C-DPDK-12 test_mbuf test_refcnt_mbuf, one thread: 64 rounds over a 64 pool, refcnt raised by r "
            + "(once when odd, r times when even), every mbuf back after each round")
    void refcountRoundsReturnEverything() {
        int pool = 64;
        reset(new SkbConfig(pool, 0, 0, 0));
        SkbOps fast = unchecked(); // about 20,000 calls; the pool's state is asserted after each round
        for (int round = 0; round < 64; round++) {
            int r = 1 + round % 7;
            List<Long> held = new ArrayList<>();
            for (int i = 0; i < pool; i++) {
                long skb = fast.allocSkb(64, false);
                if (r % 2 == 1) {
                    fast.getMany(skb, r);
                } else {
                    for (int k = 0; k < r; k++) {
                        fast.get(skb);
                    }
                }
                held.add(skb);
            }
            int released = 0;
            for (long skb : held) {
                for (int k = 0; k <= r; k++) {
                    released += fast.free(skb) ? 1 : 0;
                }
            }
            assertThat(released).as("C-DPDK-12: round %d, one release per mbuf", round).isEqualTo(pool);
            assertThat(cache(SkbOps.HEAD_CACHE).live()).as("C-DPDK-12: round %d, all back", round).isZero();
        }
    }

    @Test
    @DisplayName("C-DPDK-13 test_mbuf test_failing_mbuf_sanity_check: a good packet passes; refcnt 0 is refused "
            + "(USE_AFTER_FREE), not a panic")
    void sanityOfAFreedPacket() {
        long m = packet(MAGIC);
        assertThat(v(m).users()).as("C-DPDK-13: a good packet").isEqualTo(1);
        ops.free(m);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.view(m));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.bytes(m));
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.clone(m));
        assertThat(ops.snapshot().skbs()).as("C-DPDK-13: nothing live").isEmpty();
    }

    @Test
    @DisplayName("C-DPDK-14 test_mbuf test_pktmbuf_ext_shinfo_init_helper: an external buffer with one reference; "
            + "attached and cloned; the callback has not run")
    void externalBufferAttached() {
        List<Long> freed = new ArrayList<>();
        long buf = ops.createDriverBuffer(1024, freed::add);
        assertThat(ops.snapshot().driverBuffers().get(buf).refcount()).as("C-DPDK-14: refcnt after init").isEqualTo(1);
        long m = ops.makeZeroCopySkb(buf, 64, 100);
        assertThat(v(m).users()).as("C-DPDK-14: the mbuf's own refcnt").isEqualTo(1);
        long clone = ops.clone(m);
        assertThat(v(m).dataref()).as("C-DPDK-14: the data has two holders after the clone").isEqualTo(2);
        assertThat(v(clone).headOwner()).as("C-DPDK-14: the clone reads the external buffer").isEqualTo(buf);
        assertThat(v(m).headKind()).as("C-DPDK-14: marked external (ol_flags EXTERNAL)")
                .isEqualTo(HeadKind.DRIVER_SLICE);
        assertThat(freed).as("C-DPDK-14: callback not run").isEmpty();
        ops.releaseDriverBuffer(buf);
        ops.free(m);
        ops.free(clone);
        assertThat(freed).as("C-DPDK-14: run once at the end").containsExactly(buf);
    }

    @Test
    @DisplayName("C-DPDK-15 test_mbuf test_pktmbuf_ext_shinfo_init_helper: refcnt updated by one more holder (3), "
            + "then back (2); the callback has not run")
    void externalBufferCountMoves() {
        List<Long> freed = new ArrayList<>();
        long buf = ops.createDriverBuffer(1024, freed::add);
        long a = ops.makeZeroCopySkb(buf, 64, 10);
        long b = ops.makeZeroCopySkb(buf, 128, 10);
        assertThat(ops.snapshot().driverBuffers().get(buf).refcount()).as("C-DPDK-15: +1").isEqualTo(3);
        ops.free(b);
        assertThat(ops.snapshot().driverBuffers().get(buf).refcount()).as("C-DPDK-15: back").isEqualTo(2);
        assertThat(freed).as("C-DPDK-15: callback not run").isEmpty();
        ops.free(a);
        ops.releaseDriverBuffer(buf);
        assertThat(freed).as("C-DPDK-15: once, after the last").containsExactly(buf);
    }

    @Test
    @DisplayName("C-DPDK-16 test_mbuf test_pktmbuf_ext_shinfo_init_helper: the free callback runs exactly once, at "
            + "the last detach")
    void externalBufferFreedAtTheLastDetach() {
        List<Long> freed = new ArrayList<>();
        long buf = ops.createDriverBuffer(1024, freed::add);
        long m = ops.makeZeroCopySkb(buf, 64, 100);
        long clone = ops.clone(m);
        ops.releaseDriverBuffer(buf);
        ops.free(m);
        assertThat(freed).as("C-DPDK-16: not at the first detach").isEmpty();
        assertThat(ops.snapshot().driverBuffers()).as("C-DPDK-16: still held").containsKey(buf);
        ops.free(clone);
        assertThat(freed).as("C-DPDK-16: at the second, once").containsExactly(buf);
        assertThat(ops.snapshot().freeFunctionLog()).as("C-DPDK-16: logged once").containsExactly(buf);
    }

    @Test
    @DisplayName("C-DPDK-17 test_mbuf test_nb_segs_and_next_reset: a freed chain's mbufs come back without next "
            + "(no frag_list, one reference, empty)")
    void freedSegmentsComeBackClean() {
        reset(new SkbConfig(3, 0, 0, 0));
        long head = packet(MAGIC);
        ops.addFragList(head, packet(MAGIC + 1));
        ops.addFragList(head, packet(MAGIC + 2));
        ops.free(head);
        List<Long> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long skb = ops.allocSkb(64, false);
            assertThat(v(skb).fragList()).as("C-DPDK-17: mbuf %d has no next", i).isEmpty();
            assertThat(v(skb).users()).as("C-DPDK-17: mbuf %d refcnt", i).isEqualTo(1);
            assertThat(v(skb).len()).as("C-DPDK-17: mbuf %d empty", i).isZero();
            again.add(skb);
        }
        again.forEach(ops::free);
    }
}
