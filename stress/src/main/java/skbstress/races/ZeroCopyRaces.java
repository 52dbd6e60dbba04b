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

    /** A ubuf held by its caller only, an skb and a page to attach with it; on an implementation of its own. */
    public static final class Unattached {
        final SkbOps ops;
        final long socket;
        final long ubuf;
        final long skb;
        final long page;
        boolean attached; // written by the attaching actor, read by the observer after jcstress's join

        Unattached(SkbOps ops) {
            this.ops = ops;
            this.socket = ops.createZerocopySocket();
            this.ubuf = ops.ubufAlloc(socket, true);
            this.skb = ops.allocSkb(128, false);
            this.page = ops.allocPage();
        }
    }

    /**
     * A thread attaches a ubuf to an skb (skb_zcopy_set: the shared info takes a ubuf reference, only while
     * the caller holds one) while its caller drops its own reference (net_zcopy_put), a misuse of the
     * ordering that a sendmsg error path makes. The attach either comes first (the skb's free completes the
     * send later) or is refused (the completion already ran); never a ubuf revived after its completion.
     * Observations: the attach (1, or REFUSED), the put, then, once the skb and any unattached page are
     * freed, the notifications read (exactly one, for id 0, without COPIED, and none before the skb's free
     * when the attach went through: 1) and whether all is quiet.
     */
    public static final class AttachRacesCallerPut implements Race<Unattached> {
        private final Supplier<SkbOps> subject;

        public AttachRacesCallerPut(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        /** Sockets live for ever, so each run's implementation is its own. */
        @Override
        public Unattached setUp(boolean model) {
            return new Unattached(model ? Races.model() : subject.get());
        }

        @Override
        public int act(Unattached s, int actor, int step) {
            if (actor == 1) {
                s.ops.ubufPut(s.ubuf);
                return 1;
            }
            try {
                s.ops.zerocopyAttach(s.skb, s.ubuf, s.page, 0, 512);
                s.attached = true;
                return 1;
            } catch (skbstress.api.SkbException e) {
                return Races.REFUSED; // the caller's reference was gone: the page is still the caller's
            }
        }

        @Override
        public int[] settle(Unattached s) {
            // an attached ubuf completes only when the skb goes: nothing may be queued before its free
            List<Snapshot.Notification> q = new java.util.ArrayList<>(s.ops.readErrorQueue(s.socket));
            boolean early = s.attached && !q.isEmpty();
            Races.freed(s.ops, s.skb);
            try {
                s.ops.putPage(s.page); // refused when the frag took it
            } catch (skbstress.api.SkbException expected) {
                // the attach took the caller's page reference
            }
            q.addAll(s.ops.readErrorQueue(s.socket));
            boolean one = q.size() == 1 && q.get(0).lo() == 0 && q.get(0).hi() == 0 && !q.get(0).copied();
            return new int[] {Races.bit(one && !early), Races.quiet(s.ops)};
        }
    }

    /** A driver buffer held only by the driver, on an implementation of its own (misuse must not spread). */
    public static final class OneBuffer {
        final SkbOps ops;
        final boolean model;
        final long buf;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger nextCalls = new AtomicInteger();
        volatile long next;
        volatile int firstRelease;

        OneBuffer(SkbOps ops, boolean model) {
            this.ops = ops;
            this.model = model;
            this.buf = ops.createDriverBuffer(4096, b -> calls.incrementAndGet());
        }
    }

    /**
     * The driver releases its buffer twice, on two threads, a misuse (the kernel's B2 class: a free after
     * the protection was dropped, landing on the next owner); the first thread then makes a new buffer,
     * which may take the same slot. Exactly one release goes through and the other is refused, whatever
     * the order; the new buffer is untouched. Observations: actor A's release, B's release, then the first
     * buffer's free function calls, the new buffer's before its own release, that release, and whether
     * everything is back to zero.
     */
    public static final class TwoReleasesOfOneBuffer implements Race<OneBuffer> {
        private final Instances instances;

        public TwoReleasesOfOneBuffer(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public OneBuffer setUp(boolean model) {
            return new OneBuffer(model ? Races.model() : instances.take(), model);
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 2 : 1;
        }

        @Override
        public int act(OneBuffer s, int actor, int step) {
            if (actor == 1) {
                return Races.ok(() -> s.ops.releaseDriverBuffer(s.buf));
            }
            if (step == 0) {
                s.firstRelease = Races.ok(() -> s.ops.releaseDriverBuffer(s.buf));
            } else {
                s.next = s.ops.createDriverBuffer(4096, b -> s.nextCalls.incrementAndGet());
            }
            return s.firstRelease;
        }

        @Override
        public int[] settle(OneBuffer s) {
            int before = s.nextCalls.get();
            int released = Races.ok(() -> s.ops.releaseDriverBuffer(s.next));
            int quiet = s.model ? Races.quiet(s.ops) : instances.quietThenRecycle(s.ops);
            return new int[] {s.calls.get(), before, released, quiet};
        }
    }

    /** Two driver buffers, each held only by its driver, each with its own free function. */
    public static final class TwoBuffers {
        final SkbOps ops;
        final boolean model;
        final long[] bufs = new long[2];
        final AtomicInteger[] calls = {new AtomicInteger(), new AtomicInteger()};

        TwoBuffers(SkbOps ops, boolean model) {
            this.ops = ops;
            this.model = model;
            for (int i = 0; i < bufs.length; i++) {
                AtomicInteger mine = calls[i];
                bufs[i] = ops.createDriverBuffer(4096, b -> mine.incrementAndGet());
            }
        }
    }

    /**
     * Two drivers release their own buffers at once: each release is the last reference, so each free
     * function runs once, on the releasing thread, before its release returns (the kernel calls a ubuf's
     * callback inside the release). The due calls of both threads meet only in the implementation's shared
     * bookkeeping of pending calls, which is what this race puts under contention. Observations: per actor,
     * 1 for the release accepted plus 2 when its free function had run by the time it returned; then both
     * buffers' calls, and whether everything is back to zero.
     */
    public static final class TwoBuffersReleasedAtOnce implements Race<TwoBuffers> {
        private final Instances instances;

        public TwoBuffersReleasedAtOnce(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public TwoBuffers setUp(boolean model) {
            return new TwoBuffers(model ? Races.model() : instances.take(), model);
        }

        @Override
        public int act(TwoBuffers s, int actor, int step) {
            int released = Races.ok(() -> s.ops.releaseDriverBuffer(s.bufs[actor]));
            return released + 2 * s.calls[actor].get();
        }

        @Override
        public int[] settle(TwoBuffers s) {
            int quiet = s.model ? Races.quiet(s.ops) : instances.quietThenRecycle(s.ops);
            return new int[] {s.calls[0].get() + s.calls[1].get(), quiet};
        }
    }
}
