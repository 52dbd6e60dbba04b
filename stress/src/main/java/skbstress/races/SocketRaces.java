package skbstress.races;

import java.util.function.Supplier;
import skbstress.api.SkbOps;

/** Races of socket ownership (specs/socket.md). */
public final class SocketRaces {
    private SocketRaces() {}

    /** One socket charged by two skbs it owns for writing, each with one reference. */
    public static final class Shared {
        final SkbOps ops;
        final long socket;
        final long[] skbs = new long[2];

        Shared(SkbOps ops) {
            this.ops = ops;
            this.socket = ops.createZerocopySocket();
            for (int i = 0; i < 2; i++) {
                skbs[i] = ops.allocSkb(64, false);
                ops.setOwnerW(skbs[i], socket);
            }
        }
    }

    /**
     * Each actor frees one of the two skbs, so both sock_wfree uncharges run at once on one socket.
     * Observations: each free's "released"; then whether the socket is left charged (1) or not (0).
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
        public int act(Shared s, int actor, int step) {
            return Races.bit(s.ops.free(s.skbs[actor]));
        }

        @Override
        public int[] settle(Shared s) {
            return new int[] {s.ops.snapshot().sockets().get(s.socket).wmemAlloc() == 0 ? 0 : 1};
        }
    }
}
