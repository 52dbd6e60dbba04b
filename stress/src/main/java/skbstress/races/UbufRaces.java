package skbstress.races;

import java.util.List;
import java.util.function.Supplier;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/** Races on a MSG_ZEROCOPY socket's ubufs: their reference counts and the socket's id counter. */
public final class UbufRaces {
    private UbufRaces() {}

    /**
     * An skb with zero-copy frags of a DONT_ORPHAN ubuf (the caller's reference dropped) and a frag_list
     * member the caller also holds, and a pskb_copy of it: two shared infos, two ubuf references, two page
     * references and two list references on the member. On an implementation of its own (sockets live for
     * ever).
     */
    public static final class TwoSharers {
        final SkbOps ops;
        final long socket;
        final long member;
        final long orig;
        final long copy;
        long second;

        TwoSharers(SkbOps ops) {
            this.ops = ops;
            this.socket = ops.createZerocopySocket();
            long ubuf = ops.ubufAlloc(socket, true);
            this.orig = ops.allocSkb(128, false);
            ops.zerocopyAttach(orig, ubuf, ops.allocPage(), 0, 512);
            ops.ubufPut(ubuf);
            this.member = ops.allocSkb(64, false);
            ops.get(member); // one reference for the list, one the caller keeps
            ops.addFragList(orig, member);
            this.copy = ops.pskbCopy(orig);
        }
    }

    /**
     * One thread copies the original (pskb_copy: the new shared info takes a ubuf reference, a reference on
     * the frag's page and one on the frag_list member) and then frees the original, while the other frees
     * the earlier copy: updates of the ubuf's, the page's and the member's counts meet, and so do two
     * last-reference decisions. Every update must
     * land: the completion runs once, when the last shared info goes, which is the new copy's, freed by the
     * observer. Observations: the original's free ("released": 1); the other free's "released" (1) plus 2
     * per notification already queued when it returned (none may be: the original or the new copy still
     * holds the ubuf); then, once the new copy is freed, whether exactly one notification, for id 0 without
     * COPIED, was queued, and whether the caller's free of the member then releases it (no list reference
     * left) and everything (the page included) is quiet.
     */
    public static final class ShareRacesRelease implements Race<TwoSharers> {
        private final Supplier<SkbOps> subject;

        public ShareRacesRelease(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public TwoSharers setUp(boolean model) {
            return new TwoSharers(model ? Races.model() : subject.get());
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 2 : 1;
        }

        @Override
        public int act(TwoSharers s, int actor, int step) {
            if (actor == 0) {
                if (step == 0) {
                    s.second = s.ops.pskbCopy(s.orig);
                    return 1;
                }
                return Races.freed(s.ops, s.orig);
            }
            int released = Races.freed(s.ops, s.copy);
            return released + 2 * s.ops.readErrorQueue(s.socket).size();
        }

        @Override
        public int[] settle(TwoSharers s) {
            if (s.second != 0) {
                Races.freed(s.ops, s.second);
            }
            List<Snapshot.Notification> q = s.ops.readErrorQueue(s.socket);
            boolean one = q.size() == 1 && q.get(0).lo() == 0 && q.get(0).hi() == 0 && !q.get(0).copied();
            int memberReleased = Races.freed(s.ops, s.member); // the lists' references are all gone
            return new int[] {Races.bit(one), Races.bit(memberReleased == 1) & Races.quiet(s.ops)};
        }
    }

    /** A MSG_ZEROCOPY socket, no id taken yet; on an implementation of its own. */
    public static final class Socket {
        final SkbOps ops;
        final long socket;

        Socket(SkbOps ops) {
            this.ops = ops;
            this.socket = ops.createZerocopySocket();
        }
    }

    /**
     * Two sends on one socket at once: each takes a ubuf (the socket's next u32 id) and drops it, which
     * completes it with its own id. The ids taken are 0 and 1, whatever the order: each exactly once,
     * none skipped (a user matches completions to sends by these ids). Observations: each actor's
     * alloc and put (1); then whether the notifications read cover ids 0 and 1 exactly once each (one
     * merged range or two), and whether everything is quiet.
     */
    public static final class TwoSendsOnOneSocket implements Race<Socket> {
        private final Supplier<SkbOps> subject;

        public TwoSendsOnOneSocket(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public Socket setUp(boolean model) {
            return new Socket(model ? Races.model() : subject.get());
        }

        @Override
        public int act(Socket s, int actor, int step) {
            return Races.ok(() -> s.ops.ubufPut(s.ops.ubufAlloc(s.socket, false)));
        }

        @Override
        public int[] settle(Socket s) {
            return new int[] {Races.bit(eachIdCompletedOnce(s.ops, s.socket, 1)), Races.quiet(s.ops)};
        }
    }

    /** A MSG_ZEROCOPY socket whose first send took a ubuf (id 0) that its caller still holds. */
    public static final class SentOnce {
        final SkbOps ops;
        final long socket;
        final long ubuf;
        int extended;

        SentOnce(SkbOps ops) {
            this.ops = ops;
            this.socket = ops.createZerocopySocket();
            this.ubuf = ops.ubufAlloc(socket, false);
        }
    }

    /**
     * A send extends the ubuf it took (msg_zerocopy_realloc: the next id is its own only while no other
     * send took it) while a second send on the socket takes a ubuf of its own, and both complete. One CAS
     * on the socket's counter decides: either the extension came first (the ubuf covers ids 0 and 1, the
     * second send id 2) or the second send did (it has id 1, and the extension is refused with
     * UBUF_EXTEND). Observations: the extender's result (1: extended, 2: refused as UBUF_EXTEND), the other
     * send's alloc and put (1); then whether the notifications cover ids 0 to the last one taken (2 after an
     * extension, else 1) exactly once each, and whether everything is quiet.
     */
    public static final class ExtendRacesSend implements Race<SentOnce> {
        private final Supplier<SkbOps> subject;

        public ExtendRacesSend(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public SentOnce setUp(boolean model) {
            return new SentOnce(model ? Races.model() : subject.get());
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 2 : 1;
        }

        @Override
        public int act(SentOnce s, int actor, int step) {
            if (actor == 1) {
                return Races.ok(() -> s.ops.ubufPut(s.ops.ubufAlloc(s.socket, false)));
            }
            if (step == 0) {
                try {
                    s.ops.ubufExtend(s.ubuf);
                    s.extended = 1;
                } catch (skbstress.api.SkbException e) {
                    s.extended = e.code() == skbstress.api.ErrorCode.UBUF_EXTEND ? 2 : Races.UNEXPECTED;
                }
                return s.extended;
            }
            s.ops.ubufPut(s.ubuf);
            return s.extended;
        }

        @Override
        public int[] settle(SentOnce s) {
            int last = s.extended == 1 ? 2 : 1;
            return new int[] {Races.bit(eachIdCompletedOnce(s.ops, s.socket, last)), Races.quiet(s.ops)};
        }
    }

    /**
     * A send extends the ubuf it took (msg_zerocopy_realloc, which needs the caller's reference) while the caller's
     * reference is put (net_zcopy_put, the send's end): the caller's own misuse, two calls on one reference at once.
     * The two are ordered one way or the other: the extension first (the ubuf covers ids 0 and 1, and the put
     * completes both), or the put first (the ubuf completes with id 0, and the extension is refused: the caller
     * dropped its reference). A put that completes the ubuf between the extension's check of the reference and its
     * new length gives neither: an extension that succeeded and a notification without its id. Observations: the
     * extender's result (1: extended, 2: refused as USE_AFTER_FREE), the put (1); then whether the notifications
     * cover ids 0 to the last one the ubuf took exactly once each, and whether everything is quiet.
     */
    public static final class ExtendRacesPut implements Race<SentOnce> {
        private final Supplier<SkbOps> subject;

        public ExtendRacesPut(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public SentOnce setUp(boolean model) {
            return new SentOnce(model ? Races.model() : subject.get());
        }

        @Override
        public int act(SentOnce s, int actor, int step) {
            if (actor == 1) {
                return Races.ok(() -> s.ops.ubufPut(s.ubuf));
            }
            try {
                s.ops.ubufExtend(s.ubuf);
                s.extended = 1;
            } catch (skbstress.api.SkbException e) {
                s.extended = e.code() == skbstress.api.ErrorCode.USE_AFTER_FREE ? 2 : Races.UNEXPECTED;
            }
            return s.extended;
        }

        @Override
        public int[] settle(SentOnce s) {
            int last = s.extended == 1 ? 1 : 0;
            return new int[] {Races.bit(eachIdCompletedOnce(s.ops, s.socket, last)), Races.quiet(s.ops)};
        }
    }

    /**
     * Whether the socket's notifications cover ids 0 to {@code last} exactly once each: no wrapped range, no
     * id never taken, none twice, none missing.
     */
    static boolean eachIdCompletedOnce(SkbOps ops, long socket, int last) {
        int[] seen = new int[last + 1];
        for (Snapshot.Notification n : ops.readErrorQueue(socket)) {
            if (n.lo() > n.hi() || n.lo() < 0 || n.hi() > last) {
                return false;
            }
            for (long id = n.lo(); id <= n.hi(); id++) {
                seen[(int) id]++;
            }
        }
        for (int c : seen) {
            if (c != 1) {
                return false;
            }
        }
        return true;
    }
}
