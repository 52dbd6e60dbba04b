package skbstress.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * The rules of {@code specs/pageflip.md}: I-FLIP-1 (a flipped object is the head of no local skb), I-FLIP-2
 * (a flipped page shows nothing but the packet), I-FLIP-3 (a flipped object is one page).
 */
final class PageFlipRules extends Rules {
    PageFlipRules(List<String> violations) {
        super(violations);
    }

    void check(String op, SnapshotView b, SnapshotView a) {
        Set<Long> heads = new HashSet<>();
        for (Snapshot.Skb k : a.s.skbs().values()) {
            if (k.headKind() == HeadKind.CACHE) {
                heads.add(k.headOwner());
            }
        }
        for (Snapshot.UserObject o : a.s.objects().values()) {
            if (o.domain() == SkbOps.LOCAL_DOMAIN) {
                continue;
            }
            if (heads.contains(o.handle())) {
                fail("I-FLIP-1", "object %x belongs to domain %d but is still the head of a local skb", o.handle(),
                        o.domain());
            }
            if (a.s.caches().get(o.cache()).objectSize() != Kernel.PAGE_SIZE) {
                fail("I-FLIP-3", "flipped object %x is not one page", o.handle());
            }
            Snapshot.UserObject old = b.s.objects().get(o.handle());
            boolean justFlipped = op.equals("pageFlip") && (old == null || old.domain() != o.domain());
            if (justFlipped) {
                for (int i = 0; i < o.bytes().length(); i++) {
                    boolean inPacket = i >= o.packetOffset() && i < o.packetOffset() + o.packetLength();
                    if (!inPacket && o.bytes().at(i) != 0) {
                        fail("I-FLIP-2", "flipped page %x shows byte %d = %d outside the packet [%d, %d)", o.handle(),
                                i, o.bytes().at(i), o.packetOffset(), o.packetOffset() + o.packetLength());
                        break;
                    }
                }
            }
        }
    }
}
