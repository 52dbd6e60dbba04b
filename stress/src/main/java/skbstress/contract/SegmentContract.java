package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.api.Snapshot.Frag;

/**
 * skb_segment with scatter-gather (specs/segment.md, I-SEG-1..5): the headers copied into every segment, the
 * linear payload copied, the paged payload referenced (one page reference per segment frag, a straddling frag in
 * both segments), zero-copy frags orphaned or their ubuf referenced per segment, the socket charge moved to the
 * last segment, extensions shared, and every refusal before any change.
 */
public abstract class SegmentContract extends ContractBase {

    /** {@code headroom} reserved, then {@code linear} bytes put (the first of them the headers). */
    private long linearSkb(int size, int headroom, int linear, int seed) {
        long skb = ops.allocSkb(size, false);
        ops.reserve(skb, headroom);
        ops.put(skb, bytes(linear, seed));
        return skb;
    }

    /** A page holding {@code n} pattern bytes at offset 0, the caller's one reference on it. */
    private long page(int n, int seed) {
        long page = ops.allocPage();
        ops.writePage(page, 0, bytes(n, seed));
        return page;
    }

    private int refcount(long page) {
        Snapshot.Page p = ops.snapshot().pages().get(page);
        return p == null ? 0 : p.refcount();
    }

    /** The headers followed by payload piece k, as the original's bytes give them. */
    private static byte[] expected(byte[] all, int hdrLen, int mss, int k) {
        int from = hdrLen + k * mss;
        int to = Math.min(from + mss, all.length);
        byte[] out = Arrays.copyOf(all, hdrLen + to - from);
        System.arraycopy(all, from, out, hdrLen, to - from);
        return out;
    }

    private void assertPieces(long[] segs, byte[] all, int hdrLen, int mss) {
        for (int k = 0; k < segs.length; k++) {
            assertThat(ops.bytes(segs[k]).toArray()).as("I-SEG-3: segment %d is the headers and piece %d", k, k)
                    .isEqualTo(expected(all, hdrLen, mss, k));
        }
    }

    private void freeAll(long... skbs) {
        for (long s : skbs) {
            ops.free(s);
        }
    }

    @Test
    void linearOnlySkbIsCutIntoCopies() {
        long skb = linearSkb(1500, 32, 1040, 1);
        byte[] all = ops.bytes(skb).toArray();
        long[] segs = ops.segment(skb, 40, 500);
        assertThat(segs).as("I-SEG-3: 1000 payload bytes in 500-byte segments").hasSize(2);
        assertPieces(segs, all, 40, 500);
        for (long s : segs) {
            Snapshot.Skb k = v(s);
            assertThat(k.data() - k.head()).as("I-SEG-3: the original's headroom reserved").isEqualTo(32);
            assertThat(k.frags()).as("I-SEG-3: a linear payload is copied").isEmpty();
            assertThat(k.dataLen()).isZero();
            assertThat(k.users()).isEqualTo(1);
            assertThat(k.headOwner()).isNotEqualTo(v(skb).headOwner());
        }
        assertThat(ops.bytes(skb).toArray()).as("I-SEG-3: the original is unchanged").isEqualTo(all);
        freeAll(segs);
        ops.free(skb);
    }

    @Test
    void fragsOnlyPayloadIsReferencedNotCopied() {
        long skb = linearSkb(256, 0, 40, 2);
        long page = page(1200, 3);
        ops.addFrag(skb, page, 0, 1200);
        byte[] all = ops.bytes(skb).toArray();
        int truesize = v(skb).truesize();
        long[] segs = ops.segment(skb, 40, 400);
        assertThat(segs).hasSize(3);
        assertPieces(segs, all, 40, 400);
        for (int k = 0; k < 3; k++) {
            Snapshot.Skb s = v(segs[k]);
            assertThat(s.frags()).as("I-SEG-1: segment %d references its piece of the page", k)
                    .containsExactly(new Frag(page, 400 * k, 400));
            assertThat(s.len() - s.dataLen()).as("I-SEG-3: only the headers are linear").isEqualTo(40);
            assertThat(s.dataLen()).isEqualTo(400);
        }
        assertThat(v(segs[1]).truesize() - v(segs[0]).truesize()).as("truesize += data_len").isZero();
        assertThat(refcount(page)).as("I-SEG-1: the original's frag and one per segment").isEqualTo(4);
        assertThat(v(skb).truesize()).as("I-SEG-4: no owner, nothing swapped").isEqualTo(truesize);
        ops.free(skb);
        assertThat(refcount(page)).as("I-SEG-1: the segments keep the page").isEqualTo(3);
        freeAll(segs);
    }

    @Test
    void aFragStraddlingABoundaryIsReferencedByBothSegments() {
        long skb = linearSkb(512, 16, 100, 4);
        long a = page(500, 5);
        long b = page(500, 6);
        ops.addFrag(skb, a, 0, 500);
        ops.addFrag(skb, b, 0, 500);
        byte[] all = ops.bytes(skb).toArray();
        long[] segs = ops.segment(skb, 40, 400);
        assertThat(segs).as("I-SEG-3: 60 linear + 1000 paged payload bytes").hasSize(3);
        assertPieces(segs, all, 40, 400);
        assertThat(v(segs[0]).frags()).as("I-SEG-1: 60 linear bytes, then a's first 340")
                .containsExactly(new Frag(a, 0, 340));
        assertThat(v(segs[0]).len() - v(segs[0]).dataLen()).isEqualTo(100);
        assertThat(v(segs[1]).frags()).as("I-SEG-1: a's rest and b's start").containsExactly(new Frag(a, 340, 160),
                new Frag(b, 0, 240));
        assertThat(v(segs[2]).frags()).containsExactly(new Frag(b, 240, 260));
        assertThat(refcount(a)).as("I-SEG-1: 1 + the two segments that touch a").isEqualTo(3);
        assertThat(refcount(b)).as("I-SEG-1: 1 + the two segments that touch b").isEqualTo(3);
        ops.free(segs[1]);
        assertThat(refcount(a)).isEqualTo(2);
        assertThat(refcount(b)).isEqualTo(2);
        freeAll(skb, segs[0], segs[2]);
    }

    @Test
    void mssAtLeastThePayloadGivesOneSegment() {
        long skb = linearSkb(512, 8, 200, 7);
        long page = page(300, 8);
        ops.addFrag(skb, page, 0, 300);
        byte[] all = ops.bytes(skb).toArray();
        for (int mss : new int[] {460, 461, Integer.MAX_VALUE}) {
            long[] segs = ops.segment(skb, 40, mss);
            assertThat(segs).as("I-SEG-3: mss %d covers the 460 payload bytes", mss).hasSize(1);
            assertThat(ops.bytes(segs[0]).toArray()).as("I-SEG-3: one segment is the whole skb").isEqualTo(all);
            assertThat(v(segs[0]).frags()).containsExactly(new Frag(page, 0, 300));
            ops.free(segs[0]);
        }
        long headers = linearSkb(64, 0, 40, 9);
        long[] headersOnly = ops.segment(headers, 40, 100);
        assertThat(headersOnly).as("I-SEG-3: no payload, one segment of headers").hasSize(1);
        assertThat(ops.bytes(headersOnly[0]).toArray()).isEqualTo(bytes(40, 9));
        freeAll(headersOnly[0], headers, skb);
    }

    @Test
    void zeroCopyWithoutDontOrphanIsOrphanedFirst() {
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, false);
        long skb = linearSkb(256, 0, 50, 10);
        long user = page(900, 11);
        ops.zerocopyAttach(skb, ubuf, user, 0, 900);
        byte[] all = ops.bytes(skb).toArray();
        long[] segs = ops.segment(skb, 50, 300);
        assertThat(segs).hasSize(3);
        assertPieces(segs, all, 50, 300);
        assertThat(v(skb).zerocopy()).as("I-SEG-2: orphaned before the cut").isFalse();
        assertThat(ops.snapshot().pages()).as("I-SEG-2: the user page went with the orphaning")
                .doesNotContainKey(user);
        for (long s : segs) {
            assertThat(v(s).ubuf()).as("I-SEG-2: no segment holds the ubuf").isZero();
            assertThat(v(s).frags()).allSatisfy(f -> assertThat(f.page()).isEqualTo(v(skb).frags().get(0).page()));
        }
        ops.ubufPut(ubuf);
        assertThat(ops.readErrorQueue(sock)).as("I-SEG-2: completed once, as copied")
                .containsExactly(new Snapshot.Notification(0, 0, true));
        freeAll(segs);
        ops.free(skb);
        assertThat(ops.readErrorQueue(sock)).isEmpty();
    }

    @Test
    void zeroCopyWithDontOrphanIsReferencedBySegmentAndCompletesOnce() {
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, true);
        long skb = linearSkb(256, 0, 50, 12);
        long user = page(900, 13);
        ops.zerocopyAttach(skb, ubuf, user, 0, 900);
        long[] segs = ops.segment(skb, 50, 300);
        assertThat(segs).hasSize(3);
        assertThat(ops.snapshot().ubufs().get(ubuf).refcount()).as("I-SEG-2: caller, original, three segments")
                .isEqualTo(5);
        assertThat(refcount(user)).as("I-SEG-1: the user page is referenced, not copied").isEqualTo(4);
        for (long s : segs) {
            assertThat(v(s).ubuf()).as("I-SEG-2: each segment holds the ubuf").isEqualTo(ubuf);
        }
        ops.ubufPut(ubuf);
        ops.free(skb);
        ops.free(segs[2]);
        ops.free(segs[0]);
        assertThat(ops.readErrorQueue(sock)).as("I-SEG-2: not before the last segment").isEmpty();
        ops.free(segs[1]);
        assertThat(ops.readErrorQueue(sock)).as("I-SEG-2: completed once, zero-copy")
                .containsExactly(new Snapshot.Notification(0, 0, false));
    }

    @Test
    void socketChargeMovesToTheLastSegmentAndIsUnchargedOnce() {
        long sock = ops.createZerocopySocket();
        long skb = linearSkb(256, 0, 40, 14);
        long page = page(1000, 15);
        ops.addFrag(skb, page, 0, 1000);
        ops.setOwnerW(skb, sock);
        int charged = v(skb).truesize();
        long[] segs = ops.segment(skb, 40, 400);
        Snapshot.Skb last = v(segs[2]);
        assertThat(last.sk()).as("I-SEG-4: the last segment owns the charge").isEqualTo(sock);
        assertThat(last.destructor()).isEqualTo(SkbOps.SOCK_WFREE);
        assertThat(last.truesize()).as("I-SEG-4: with the original's truesize").isEqualTo(charged);
        assertThat(v(skb).sk()).as("I-SEG-4: the original lets go").isZero();
        assertThat(v(skb).destructor()).isZero();
        assertThat(v(skb).truesize()).as("I-SEG-4: and takes the last segment's").isEqualTo(v(segs[1]).truesize()
                - 200);
        assertThat(v(segs[0]).sk()).isZero();
        assertThat(ops.snapshot().sockets().get(sock).wmemAlloc()).as("I-SEG-4: the charge is unchanged")
                .isEqualTo(charged);
        freeAll(skb, segs[0], segs[1]);
        assertThat(ops.snapshot().sockets().get(sock).wmemAlloc()).isEqualTo(charged);
        ops.free(segs[2]);
        assertThat(ops.snapshot().sockets().get(sock).wmemAlloc()).as("I-SEG-4: uncharged once").isZero();
        assertThat(ops.snapshot().destructorLog()).as("I-SEG-4: sock_wfree ran once")
                .filteredOn(r -> r.tag() == SkbOps.SOCK_WFREE).hasSize(1);
    }

    @Test
    void segmentsShareTheExtension() {
        long skb = linearSkb(1024, 0, 700, 16);
        ops.extAdd(skb, 1, 77);
        long[] segs = ops.segment(skb, 100, 200);
        assertThat(segs).hasSize(3);
        long ext = v(skb).ext();
        assertThat(ops.snapshot().exts().get(ext).refcnt()).as("I-SEG-3: one skb_ext reference per segment")
                .isEqualTo(4);
        for (long s : segs) {
            assertThat(ops.extFind(s, 1)).as("I-SEG-3: __copy_skb_header shares the extension").isEqualTo(77);
        }
        ops.extAdd(segs[0], 1, 5); // copy on write: the others keep theirs
        assertThat(ops.extFind(skb, 1)).isEqualTo(77);
        freeAll(segs);
        ops.free(skb);
    }

    @Test
    void driverBufferHeadIsCopiedAndKeepsItsReference() {
        long buffer = ops.createDriverBuffer(2048, null);
        ops.writeDriverBuffer(buffer, 64, bytes(1000, 17)); // past the buffer's 64-byte header
        long skb = ops.makeZeroCopySkb(buffer, 64, 1000);
        long[] segs = ops.segment(skb, 64, 500);
        assertThat(segs).hasSize(2);
        assertPieces(segs, bytes(1000, 17), 64, 500);
        for (long s : segs) {
            assertThat(v(s).headKind()).as("I-SEG-3: a driver slice is read into a kmalloc head")
                    .isEqualTo(skbstress.api.HeadKind.KMALLOC);
        }
        freeAll(segs);
        ops.releaseDriverBuffer(buffer);
        assertThat(ops.snapshot().driverBuffers()).as("the original still holds the buffer").isNotEmpty();
        ops.free(skb);
    }

    @Test
    void freeingSegmentsAndTheOriginalInAnyOrderLeavesNothingLive() {
        int[][] orders = {{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3, 0, 2}, {2, 0, 3, 1}};
        for (int[] order : orders) {
            long skb = linearSkb(256, 0, 100, 18);
            long a = page(500, 19);
            long b = page(500, 20);
            ops.addFrag(skb, a, 0, 500);
            ops.addFrag(skb, b, 0, 500);
            long[] segs = ops.segment(skb, 40, 400);
            long[] all = {skb, segs[0], segs[1], segs[2]};
            int left = refcount(a) + refcount(b);
            assertThat(left).as("I-SEG-1: 2 + 2 segments each").isEqualTo(6);
            for (int k : order) {
                int drops = v(all[k]).frags().size();
                ops.free(all[k]);
                left -= drops;
                assertThat(refcount(a) + refcount(b)).as("I-SEG-1: each frag's reference dropped once, order %s",
                        Arrays.toString(order)).isEqualTo(left);
            }
            assertNothingLive(ops.snapshot());
        }
    }

    @Test
    void refusalsChangeNothing() {
        long skb = linearSkb(256, 0, 100, 21);
        long page = page(500, 22);
        ops.addFrag(skb, page, 0, 500);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.segment(skb, -1, 100));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.segment(skb, 101, 100)); // I-SEG-5: past the linear part
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.segment(skb, 40, 0));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.segment(skb, 40, -400));
        long member = linearSkb(64, 0, 10, 23);
        long parent = linearSkb(64, 0, 10, 24);
        ops.addFragList(parent, member);
        assertThat(refused(ErrorCode.SEGMENT_FRAG_LIST, () -> ops.segment(parent, 5, 100)).invariant())
                .as("I-SEG-5: a frag_list is refused, not walked").isEqualTo("I-SEG-5");
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.segment(member, 5, 100));
        long big = linearSkb(70000, 0, 65600, 25);
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.segment(big, 40, 1)); // I-SEG-5: 65560 > GSO_MAX_SEGS
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, false);
        long zc = linearSkb(128, 0, 40, 26);
        ops.zerocopyAttach(zc, ubuf, ops.allocPage(), 0, 100);
        ops.get(zc);
        refused(ErrorCode.ORPHAN_SHARED, () -> ops.segment(zc, 40, 50));
        freeAll(zc, zc, big, parent, skb);
        ops.ubufPut(ubuf);
        refused(ErrorCode.USE_AFTER_FREE, () -> ops.segment(skb, 40, 100));
    }

    @Test
    void boundedCachesRefuseBeforeAnyChange() {
        reset(new SkbConfig(4, 0, 0, 0));
        long skb = linearSkb(256, 0, 40, 27);
        long page = page(1000, 28);
        ops.addFrag(skb, page, 0, 1000);
        refused(ErrorCode.EXHAUSTED, () -> ops.segment(skb, 40, 250)); // I-SEG-5: 4 structs needed, 3 free
        long edge = linearSkb(70000, 0, 40 + Kernel.GSO_MAX_SEGS, 29);
        // exactly GSO_MAX_SEGS segments is a valid call, refused only for want of structs; one more is not valid
        refused(ErrorCode.EXHAUSTED, () -> ops.segment(edge, 40, 1));
        refused(ErrorCode.INVALID_ARGUMENT, () -> ops.segment(edge, 39, 1));
        ops.free(edge);
        long[] segs = ops.segment(skb, 40, 334);
        assertThat(segs).as("I-SEG-5: three fit").hasSize(3);
        freeAll(segs);
        ops.free(skb);

        reset(new SkbConfig(0, 0, 0, 1));
        long sock = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(sock, false);
        long zc = linearSkb(128, 0, 40, 29);
        ops.zerocopyAttach(zc, ubuf, ops.allocPage(), 0, 100);
        refused(ErrorCode.EXHAUSTED, () -> ops.segment(zc, 40, 50)); // I-SEG-5: the orphaning's page, first
        assertThat(v(zc).zerocopy()).as("I-SEG-5: not orphaned").isTrue();
        ops.free(zc);
        ops.ubufPut(ubuf);
        assertThat(List.of(ops.readErrorQueue(sock).size())).containsExactly(1);
    }
}
