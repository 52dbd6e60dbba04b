package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import skbstress.api.Bytes;
import skbstress.api.FcloneState;
import skbstress.api.Kernel;
import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;

/** The flows of the seed documents, end to end. */
public abstract class ScenarioContract extends ContractBase {

    /** The seeds describe a 2.6 kernel: its geometry (NET_SKB_PAD 16, end without kmalloc's slack). */
    @BeforeEach
    void seedProfile() {
        reset(SkbConfig.SEED);
    }

    /**
     * RX interrupt path: dev_alloc_skb(len + 5), skb_reserve(2) so the IP header lands 16-byte aligned
     * after the 14-byte Ethernet header, skb_put of the frame, hand-off to the stack, which pulls the
     * Ethernet and IP headers and finally frees the skb.
     */
    @Test
    void rxInterruptPath() {
        int pktLen = 14 + 20 + 1000;
        byte[] frame = bytes(pktLen, 11);
        long skb = ops.devAllocSkb(pktLen + 5);
        ops.reserve(skb, 2);
        ops.put(skb, frame);
        assertThat(v(skb).data()).as("the seeds' NET_SKB_PAD 16, then 2").isEqualTo(16 + 2);
        long stack = ops.shareCheck(skb);
        assertThat(stack).as("not shared: the stack gets the driver's skb").isEqualTo(skb);
        ops.pull(stack, 14);
        assertThat(v(stack).data() % 16).as("IP header aligned").isZero();
        ops.pull(stack, 20);
        assertThat(ops.linearBytes(stack)).isEqualTo(Bytes.copyOf(frame, 34, pktLen));
        assertThat(ops.free(stack)).isTrue();
    }

    /**
     * TCP transmit: the write queue keeps an fclone skb with only its payload (nohdr); each
     * transmission is a fast clone that pushes its own headers; TX completion frees the clone; the ACK
     * frees the original and the pair goes back to its cache once.
     */
    @Test
    void tcpTransmitWithAFastClone() {
        int maxHeader = 192;
        long orig = ops.allocSkb(maxHeader + 1448, true);
        ops.reserve(orig, maxHeader);
        ops.put(orig, bytes(1448, 5));
        ops.headerRelease(orig);
        for (int transmission = 0; transmission < 2; transmission++) {
            long tx = ops.clone(orig);
            assertThat(v(tx).fclone()).isEqualTo(FcloneState.CLONE);
            ops.push(tx, bytes(20, 6));
            ops.push(tx, bytes(20, 7));
            ops.push(tx, bytes(14, 8));
            assertThat(v(tx).len()).isEqualTo(1448 + 54);
            assertThat(ops.linearBytes(orig)).isEqualTo(Bytes.copyOf(bytes(1448, 5)));
            ops.free(tx); // TX completion
            assertThat(v(orig).fcloneRef()).isEqualTo(1);
        }
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isEqualTo(1);
        ops.free(orig); // ACK
        assertThat(cache(SkbOps.FCLONE_CACHE).live()).isZero();
        assertThat(cache(SkbOps.HEAD_CACHE).slabs()).as("every clone was a fast clone").isZero();
    }

    /** A driver buffer carved into three zero-copy skbs; all 24 orders of the four releases. */
    @Test
    void driverBufferCarvedIntoSkbsFreedInEveryOrder() {
        int orders = 0;
        for (List<Integer> order : permutations(List.of(0, 1, 2, 3))) {
            reset(SkbConfig.SEED);
            List<Long> freed = new ArrayList<>();
            long buf = ops.createDriverBuffer(2048, freed::add);
            long[] skbs = {ops.makeZeroCopySkb(buf, 64, 500), ops.makeZeroCopySkb(buf, 576, 500),
                ops.makeZeroCopySkb(buf, 1088, 960)};
            for (int i = 0; i < order.size(); i++) {
                int who = order.get(i);
                if (who == 3) {
                    ops.releaseDriverBuffer(buf);
                } else {
                    ops.free(skbs[who]);
                }
                assertThat(freed).as("order %s after %d releases", order, i + 1).hasSize(i == 3 ? 1 : 0);
            }
            assertNothingLive(ops.snapshot());
            orders++;
        }
        assertThat(orders).isEqualTo(24);
    }

    /**
     * The Xen page flip: a frontend builds a packet in a one-page buffer from its page cache and flips
     * the page to the backend domain, which reads it and gives the page back; the next packet reuses
     * the page and the backend sees none of the first packet's bytes.
     */
    @Test
    void pageFlipBetweenDomains() {
        int pages = ops.createCache("netfront-pages", Kernel.PAGE_SIZE, Kernel.PAGE_SIZE, null, 1);
        int backend = 1;
        for (int packet = 0; packet < 3; packet++) {
            int payload = 2000 - packet * 700;
            long skb = ops.allocSkbFromCache(pages, payload + 64);
            ops.reserve(skb, 64);
            ops.put(skb, filled(payload, 0x10 + packet));
            ops.push(skb, filled(14, 0xE0 + packet));
            int data = v(skb).data();
            long page = ops.pageFlip(skb, backend);
            Bytes seen = ops.readObject(backend, page);
            for (int i = 0; i < Kernel.PAGE_SIZE; i++) {
                byte expect = i < data ? 0 : i < data + 14 ? (byte) (0xE0 + packet)
                        : i < data + 14 + payload ? (byte) (0x10 + packet) : 0;
                assertThat(seen.at(i)).as("packet %d byte %d", packet, i).isEqualTo(expect);
            }
            ops.releaseFlipped(backend, page);
        }
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                List<T> l = new ArrayList<>();
                l.add(head);
                l.addAll(p);
                out.add(l);
            }
        }
        return out;
    }
}
