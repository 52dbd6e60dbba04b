package skbstress.model;

import java.util.ArrayList;
import java.util.List;
import skbstress.api.KernelProfile;
import skbstress.api.Snapshot;

/**
 * One check per invariant id of {@code specs/}, over snapshots, so that it judges any implementation.
 * {@link #check} looks at one step (the operation's name, the state before and after); the checker keeps
 * what it has seen released, for the "exactly once" rules. Violations are collected, then thrown
 * together by {@link #check}.
 *
 * <p>The checks live in one rules class per spec file, each naming its ids: {@link GeometryRules},
 * {@link UsersRules}, {@link DatarefRules}, {@link FcloneRules}, {@link FragsRules}, {@link ZeroCopyRules},
 * {@link PageFlipRules}, {@link SlabRules}, {@link SocketRules}, {@link ExtRules}, {@link SegmentRules},
 * {@link NapiRules}. This class runs them in a fixed order over the two snapshots'
 * indexes ({@link SnapshotView}) and owns the step's violation list; each rules class keeps the history
 * its own rules need.
 */
public final class InvariantChecker {
    private final List<String> violations = new ArrayList<>();
    private final GeometryRules geometry;
    private final UsersRules users = new UsersRules(violations);
    private final DatarefRules dataref = new DatarefRules(violations);
    private final FcloneRules fclones = new FcloneRules(violations);
    private final FragsRules frags = new FragsRules(violations);
    private final ZeroCopyRules zeroCopy = new ZeroCopyRules(violations);
    private final PageFlipRules flips = new PageFlipRules(violations);
    private final SlabRules slabs = new SlabRules(violations);
    private final NapiRules napi = new NapiRules(violations);
    private final PagePoolRules pagePools = new PagePoolRules(violations);
    /** Whether the zero-copy log history has been seeded from a first snapshot. */
    private boolean seeded;

    /** A checker for an instance of the named kernel's geometry ({@link KernelProfile#LINUX_6_12}). */
    public InvariantChecker() {
        this(KernelProfile.LINUX_6_12);
    }

    public InvariantChecker(KernelProfile profile) {
        this.geometry = new GeometryRules(violations, profile);
    }

    /** Checks one step; throws {@link IllegalStateException} naming every broken invariant. */
    public void check(String op, Snapshot before, Snapshot after) {
        violations.clear();
        if (!seeded || before == after) {
            seeded = true;
            zeroCopy.seed(before);
        }
        SnapshotView b = new SnapshotView(before);
        SnapshotView a = new SnapshotView(after);
        geometry.check(op, b, a);
        users.check(op, b, a);
        dataref.check(op, b, a);
        fclones.check(b, a);
        frags.check(op, b, a);
        zeroCopy.check(b, a);
        flips.check(op, b, a);
        users.destructors(op, b, a);
        slabs.check(b, a);
        napi.check(op, b, a);
        pagePools.check(op, b, a);
        SocketRules.check(op, before, after, (id, message) -> violations.add(id + ": " + message));
        ExtRules.check(op, before, after, (id, message) -> violations.add(id + ": " + message));
        SegmentRules.check(op, before, after, (id, message) -> violations.add(id + ": " + message));
        if (!violations.isEmpty()) {
            throw new IllegalStateException("after " + op + ": " + String.join("; ", violations) + "\n" + after);
        }
    }

    /** Checks a state on its own (no step): every rule that needs no "before". */
    public void check(Snapshot state) {
        check("(state)", state, state);
    }
}
