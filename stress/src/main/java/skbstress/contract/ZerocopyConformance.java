package skbstress.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.Snapshot.Notification;

/**
 * The kernel's MSG_ZEROCOPY selftest (tools/testing/selftests/net/msg_zerocopy.c and .sh) and the completion
 * rules of net/core/skbuff.c it depends on, on ubufs and the error queue: specs/conformance.md,
 * C-ZC-1..11. A "send" here is what one zerocopy sendmsg leaves behind: a ubuf, an skb whose user frag
 * holds it, the caller's reference dropped; "delivery" frees the skb, after copying its frags when the data
 * lands on a local socket (skb_orphan_frags), which is what sets COPIED.
 */
public abstract class ZerocopyConformance extends ContractBase {

    /** One zerocopy send on {@code sock}, delivered at once: locally (copied) or out of the host. */
    private void send(long sock, boolean local) {
        long ubuf = ops.ubufAlloc(sock, false);
        deliver(ubuf, local);
    }

    /** Attaches {@code ubuf} to a new skb, drops the caller's reference and delivers the skb. */
    private void deliver(long ubuf, boolean local) {
        long skb = ops.allocSkb(64, false);
        long page = ops.allocPage();
        ops.zerocopyAttach(skb, ubuf, page, 0, 100);
        ops.ubufPut(ubuf);
        if (local) {
            ops.orphanFrags(skb);
        }
        ops.free(skb);
    }

    /** Sends a notification accounts for, in u32 arithmetic as the selftest counts them. */
    private static long covered(Notification n) {
        return ((n.hi() - n.lo()) & 0xffff_ffffL) + 1;
    }

    @Test
    @DisplayName("C-ZC-1 msg_zerocopy do_recv_completion: one notification [lo..hi] stands for hi - lo + 1 sends")
    void oneNotificationForManySends() {
        long sock = ops.createZerocopySocket();
        for (int i = 0; i < 3; i++) {
            send(sock, false);
        }
        List<Notification> q = ops.readErrorQueue(sock);
        assertThat(q).as("C-ZC-1: three in-order completions merge").containsExactly(new Notification(0, 2, false));
        assertThat(covered(q.get(0))).as("C-ZC-1: sends counted from the range").isEqualTo(3);
    }

    @Test
    @DisplayName("C-ZC-2 msg_zerocopy do_recv_completion: ranges start at 0 and each lo is the previous hi + 1")
    void rangesAreContiguous() {
        long sock = ops.createZerocopySocket();
        List<Notification> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            send(sock, false);
            all.addAll(ops.readErrorQueue(sock));
        }
        assertThat(all.get(0).lo()).as("C-ZC-2: the first id is 0").isZero();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).lo()).as("C-ZC-2: range %d appends to the previous", i)
                    .isEqualTo(all.get(i - 1).hi() + 1);
        }
        assertThat(all.get(all.size() - 1).hi()).as("C-ZC-2: the last id").isEqualTo(4);
    }

    @Test
    @DisplayName("C-ZC-3 msg_zerocopy do_sendmsg/do_recv_remaining_completions: completions summed == sends, "
            + "draining every 32 sends (-l 32) changes nothing")
    void everySendIsNotifiedOnce() {
        long sock = ops.createZerocopySocket();
        int sends = 70;
        long seen = 0;
        for (int i = 1; i <= sends; i++) {
            send(sock, false);
            if (i % 32 == 0) {
                for (Notification n : ops.readErrorQueue(sock)) {
                    seen += covered(n);
                }
            }
        }
        for (Notification n : ops.readErrorQueue(sock)) {
            seen += covered(n);
        }
        assertThat(seen).as("C-ZC-3: no missing notifications").isEqualTo(sends);
        assertThat(ops.snapshot().completionLog()).as("C-ZC-3: one completion per send").hasSize(sends);
        assertThat(ops.readErrorQueue(sock)).as("C-ZC-3: nothing left").isEmpty();
    }

    @Test
    @DisplayName("C-ZC-4 msg_zerocopy.sh tx-rx (-Z 0): data delivered to a local socket is reported COPIED")
    void localDeliveryIsCopied() {
        long sock = ops.createZerocopySocket();
        for (int i = 0; i < 3; i++) {
            send(sock, true);
            assertThat(ops.readErrorQueue(sock)).as("C-ZC-4: send %d", i).containsExactly(new Notification(i, i, true));
        }
    }

    @Test
    @DisplayName("C-ZC-5 msg_zerocopy.sh tx-only (-Z 1): data that leaves without a copy is not reported COPIED")
    void egressIsZeroCopy() {
        long sock = ops.createZerocopySocket();
        for (int i = 0; i < 3; i++) {
            send(sock, false);
            assertThat(ops.readErrorQueue(sock)).as("C-ZC-5: send %d", i)
                    .containsExactly(new Notification(i, i, false));
        }
    }

    @Test
    @DisplayName("C-ZC-6 msg_zerocopy do_recv_completion (older): a run whose sends are delivered differently "
            + "shows the inconsistency the selftest reports")
    void mixedDeliveryIsVisible() {
        long sock = ops.createZerocopySocket();
        send(sock, false);
        List<Notification> first = ops.readErrorQueue(sock);
        send(sock, true);
        List<Notification> second = ops.readErrorQueue(sock);
        assertThat(first).as("C-ZC-6: the first fixes zerocopy").containsExactly(new Notification(0, 0, false));
        assertThat(second).as("C-ZC-6: the next differs (copied)").containsExactly(new Notification(1, 1, true));
    }

    @Test
    @DisplayName("C-ZC-7 msg_zerocopy do_sendmsg_corked (-c 4): one datagram of four sends, one ubuf extended, "
            + "one notification [k..k+3]")
    void corkedSendsShareOneUbuf() {
        long sock = ops.createZerocopySocket();
        for (int datagram = 0; datagram < 2; datagram++) {
            long ubuf = ops.ubufAlloc(sock, false);
            for (int i = 1; i < 4; i++) {
                ops.ubufExtend(ubuf);
            }
            deliver(ubuf, false);
            long k = datagram * 4L;
            List<Notification> q = ops.readErrorQueue(sock);
            assertThat(q).as("C-ZC-7: datagram %d", datagram).containsExactly(new Notification(k, k + 3, false));
            assertThat(covered(q.get(0))).as("C-ZC-7: four expected completions").isEqualTo(4);
        }
    }

    @Test
    @DisplayName("C-ZC-8 msg_zerocopy do_sendmsg_corked (-m): copy and zerocopy sends alternate; only the "
            + "zerocopy ones take ids and are expected")
    void mixedCorkCountsZerocopySendsOnly() {
        long sock = ops.createZerocopySocket();
        long skb = ops.allocSkb(512, false);
        long ubuf = 0;
        int zerocopy = 0;
        for (int i = 0; i < 6; i++) {
            if (i % 2 == 0) {
                ops.put(skb, bytes(10, i)); // a copy send: its bytes go into the head, no id
            } else if (ubuf == 0) {
                ubuf = ops.ubufAlloc(sock, false);
                zerocopy++;
            } else {
                ops.ubufExtend(ubuf);
                zerocopy++;
            }
        }
        ops.zerocopyAttach(skb, ubuf, ops.allocPage(), 0, 100);
        ops.ubufPut(ubuf);
        assertThat(ops.snapshot().sockets().get(sock).zckey()).as("C-ZC-8: ids taken").isEqualTo(zerocopy);
        ops.free(skb);
        assertThat(ops.readErrorQueue(sock)).as("C-ZC-8: three expected completions, in one range")
                .containsExactly(new Notification(0, 2, false));
    }

    @Test
    @DisplayName("C-ZC-9 skb_zerocopy_notify_extend: a completion merges into the queue's tail iff its lo is the "
            + "tail's hi + 1, and the tail keeps its COPIED flag")
    void completionsMergeOnlyWhenAdjacent() {
        long sock = ops.createZerocopySocket();
        long u0 = ops.ubufAlloc(sock, false);
        long u1 = ops.ubufAlloc(sock, false);
        long u2 = ops.ubufAlloc(sock, false);
        long u3 = ops.ubufAlloc(sock, false);
        deliver(u0, true);
        deliver(u1, false);
        assertThat(ops.snapshot().sockets().get(sock).errorQueue()).as("C-ZC-9: [1..1] appends to [0..0], COPIED kept")
                .containsExactly(new Notification(0, 1, true));
        deliver(u3, false);
        deliver(u2, false);
        assertThat(ops.readErrorQueue(sock)).as("C-ZC-9: 3 does not append to 1, 2 does not append to 3")
                .containsExactly(new Notification(0, 1, true), new Notification(3, 3, false),
                        new Notification(2, 2, false));
    }

    @Test
    @DisplayName("C-ZC-10 msg_zerocopy_callback: COPIED is set iff any release of the ubuf reported a copy")
    void copiedIsTheOrOfEveryRelease() {
        long sock = ops.createZerocopySocket();
        for (boolean oneCopies : new boolean[] {true, false}) {
            long ubuf = ops.ubufAlloc(sock, false);
            long a = ops.allocSkb(64, false);
            long b = ops.allocSkb(64, false);
            ops.zerocopyAttach(a, ubuf, ops.allocPage(), 0, 50);
            ops.zerocopyAttach(b, ubuf, ops.allocPage(), 0, 50);
            ops.ubufPut(ubuf);
            if (oneCopies) {
                ops.orphanFrags(a);
            }
            ops.free(a);
            ops.free(b);
            assertThat(ops.readErrorQueue(sock)).as("C-ZC-10: one of two segments copied: %s", oneCopies)
                    .hasSize(1).allMatch(n -> n.copied() == oneCopies);
        }
    }

    @Test
    @DisplayName("C-ZC-11 msg_zerocopy_realloc: a ubuf is extended only while it is the socket's latest "
            + "(id + len == zckey)")
    void onlyTheLatestUbufIsExtended() {
        long sock = ops.createZerocopySocket();
        long u0 = ops.ubufAlloc(sock, false);
        ops.ubufExtend(u0);
        ops.ubufExtend(u0);
        assertThat(ops.snapshot().sockets().get(sock).zckey()).as("C-ZC-11: zckey after three sends").isEqualTo(3);
        long u1 = ops.ubufAlloc(sock, false);
        refused(ErrorCode.UBUF_EXTEND, () -> ops.ubufExtend(u0));
        ops.ubufExtend(u1);
        assertThat(ops.snapshot().sockets().get(sock).zckey()).as("C-ZC-11: zckey after five sends").isEqualTo(5);
        ops.ubufPut(u0);
        ops.ubufPut(u1);
        assertThat(ops.readErrorQueue(sock)).as("C-ZC-11: [0..2] and [3..4] merge")
                .containsExactly(new Notification(0, 4, false));
    }
}
