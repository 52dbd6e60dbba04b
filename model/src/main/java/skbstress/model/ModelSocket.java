package skbstress.model;

import java.util.ArrayList;
import java.util.List;
import skbstress.api.Snapshot;

/** A socket with SO_ZEROCOPY: the u32 id counter and the error queue of completion notifications. */
final class ModelSocket {
    static final long U32 = 0xffff_ffffL;

    final long handle;
    /** sk_zckey: the next id, u32. */
    long zckey;
    final List<Snapshot.Notification> errorQueue = new ArrayList<>();
    /**
     * Truesize bytes charged by the skbs this socket owns for writing (sk_wmem_alloc less its bias of 1) and for
     * reading (sk_rmem_alloc). The kernel's counters are ints; here longs, which no set of live skbs can overflow.
     */
    long wmem;
    long rmem;

    ModelSocket(long handle) {
        this.handle = handle;
    }

    /**
     * Queues a notification, merging it into the tail when the ids continue it and the merged range stays
     * below 2^32 ids. Like the kernel, a merge keeps the tail's COPIED flag (I-ZC-4).
     */
    void notify(long lo, int len, boolean copied) {
        long hi = (lo + len - 1) & U32;
        if (!errorQueue.isEmpty()) {
            Snapshot.Notification tail = errorQueue.get(errorQueue.size() - 1);
            long sum = ((tail.hi() - tail.lo()) & U32) + 1 + len;
            if (sum < (1L << 32) && lo == ((tail.hi() + 1) & U32)) {
                errorQueue.set(errorQueue.size() - 1, new Snapshot.Notification(tail.lo(), hi, tail.copied()));
                return;
            }
        }
        errorQueue.add(new Snapshot.Notification(lo, hi, copied));
    }
}
