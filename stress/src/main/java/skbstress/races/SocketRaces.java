package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;

/** Races of socket ownership (specs/socket.md). */
public final class SocketRaces {
    private SocketRaces() {}

    /**
     * One socket charged by four skbs it owns, each with one reference: two for writing (skbs 0 and 1) and two for
     * reading (skbs 2 and 3).
     */
    public static final class Shared {
        final SkbOps ops;
        final long socket;
        final long[] skbs = new long[4];

        Shared(SkbOps ops) {
            this.ops = ops;
            this.socket = ops.createZerocopySocket();
            for (int i = 0; i < 4; i++) {
                skbs[i] = ops.allocSkb(64, false);
                if (i < 2) {
                    ops.setOwnerW(skbs[i], socket);
                } else {
                    ops.setOwnerR(skbs[i], socket);
                }
            }
        }
    }

    /**
     * Each actor frees one write-owned skb, then one read-owned skb, so the sock_wfree uncharges run at once on one
     * socket's write counter and the sock_rfree ones on its read counter. Observations: whether each actor's two
     * frees released their skbs; then whether the socket is left charged on either counter (1) or not (0).
     */
    public static final class TwoOwnedSkbsFreed implements Race<Shared> {
        private final SkbOps impl;

        public TwoOwnedSkbsFreed(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Shared setUp(boolean model) {
            return new Shared(model ? Races.model() : impl);
        }

        @Override
        public int steps(int actor) {
            return 2;
        }

        @Override
        public int act(Shared s, int actor, int step) {
            return Races.bit(s.ops.free(s.skbs[actor + 2 * step]));
        }

        @Override
        public int[] settle(Shared s) {
            skbstress.api.Snapshot.Socket k = s.ops.snapshot().sockets().get(s.socket);
            return new int[] {k.wmemAlloc() == 0 && k.rmemAlloc() == 0 ? 0 : 1};
        }
    }
}
