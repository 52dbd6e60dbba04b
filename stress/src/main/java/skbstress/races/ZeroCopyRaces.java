package skbstress.races;

import java.util.function.Supplier;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Races on zero-copy buffers. */
public final class ZeroCopyRaces {
    private ZeroCopyRaces() {}

    /** Four slices of a driver buffer whose driver reference is already dropped. */
    public static final class Slices {
        final SkbOps ops;
        final long[] skbs = new long[4];
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        volatile int startedAtFree;

        Slices(SkbOps ops) {
            this.ops = ops;
            long buf = ops.createDriverBuffer(4096, b -> {
                calls.incrementAndGet();
                startedAtFree = started.get();
            });
            for (int i = 0; i < skbs.length; i++) {
                skbs[i] = ops.makeZeroCopySkb(buf, Kernel.ZC_HEADER_SIZE + i * 1024, 900);
            }
            ops.releaseDriverBuffer(buf);
        }
    }

    /**
     * Four skbs over one driver buffer freed on two threads, two each (jcstress needs a CPU per actor):
     * the free function runs once, after the last. Observations: each actor's last free's "released",
     * the free function's calls, and how many frees had started when it ran.
     */
    public static final class DriverSlicesFreed implements Race<Slices> {
        private final SkbOps impl;

        public DriverSlicesFreed(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Slices setUp(boolean model) {
            return new Slices(model ? Races.model() : impl);
        }


        @Override
        public int steps(int actor) {
            return 2;
        }

        @Override
        public int act(Slices s, int actor, int step) {
            s.started.incrementAndGet();
            return Races.bit(s.ops.free(s.skbs[2 * actor + step]));
        }

        @Override
        public int[] settle(Slices s) {
            return new int[] {s.calls.get(), s.startedAtFree};
        }
    }

    /** An skb with zero-copy frags of a DONT_ORPHAN ubuf, and its clone; the caller's ubuf reference is dropped. */
    public static final class Shared {
        final SkbOps ops;
        final long socket;
        final long orig;
        final long clone;

        Shared(SkbOps ops) {
            this.ops = ops;
            this.socket = ops.createZerocopySocket();
            long ubuf = ops.ubufAlloc(socket, true);
            this.orig = ops.allocSkb(128, false);
            ops.zerocopyAttach(orig, ubuf, ops.allocPage(), 0, 512);
            this.clone = ops.clone(orig);
            ops.ubufPut(ubuf);
        }
    }

    /**
     * The original and its clone, sharing one ubuf reference, freed on two threads: the completion runs
     * once, for ids [0, 0], without COPIED. Observations: each free's "released", then the notifications
     * read from the socket: their count, the first one's lo, hi and COPIED.
     */
    public static final class UbufCompletionBetweenClones implements Race<Shared> {
        private final Supplier<SkbOps> subject;

        public UbufCompletionBetweenClones(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        /** A socket of its own for each run (sockets live for ever), so each run's implementation is its own. */
        @Override
        public Shared setUp(boolean model) {
            return new Shared(model ? Races.model() : subject.get());
        }


        @Override
        public int act(Shared s, int actor, int step) {
            return Races.bit(s.ops.free(actor == 0 ? s.orig : s.clone));
        }

        @Override
        public int[] settle(Shared s) {
            List<Snapshot.Notification> q = s.ops.readErrorQueue(s.socket);
            Snapshot.Notification n = q.isEmpty() ? new Snapshot.Notification(-1, -1, true) : q.get(0);
            return new int[] {q.size(), (int) n.lo(), (int) n.hi(), Races.bit(n.copied())};
        }
    }
}
