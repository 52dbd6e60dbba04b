package skbstress.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skbstress.mutation.MutantSources.Mutant;

class OperatorsTest {
    static final String SOURCE = String.join("\n",
            "package skbstress.impl;",
            "final class Counter {",
            "    private static final VarHandle COUNT;",
            "    private volatile int count;",
            "    private int gen;",
            "    int drop() {",
            "        return (int) COUNT.getAndAdd(this, -1);",
            "    }",
            "    void bump() {",
            "        COUNT.getAndAdd(this, 1);",
            "    }",
            "    boolean claim(int w) {",
            "        return COUNT.compareAndSet(this, w, w + 1);",
            "    }",
            "    void publish(int v) {",
            "        gen = v;",
            "        COUNT.setRelease(this, v);",
            "    }",
            "    int next() {",
            "        return gen + 1;",
            "    }",
            "    boolean full(int n) {",
            "        if (n >= MAX_COUNT) {",
            "            return true;",
            "        }",
            "        return false;",
            "    }",
            "}", "");

    @Test
    void testsOwnHooksAreNotMutated() {
        String withHook = SOURCE.replace("    int next() {", String.join("\n",
                "    void ageForTest(int v) {",
                "        COUNT.setRelease(this, v);",
                "    }",
                "    int next() {"));
        List<Mutant> ms = Operators.all(Map.of("skbstress/impl/Counter.java", withHook));
        assertThat(ms).extracting(Mutant::id).doesNotContain("weaker-order-Counter-20", "early-release-Counter-20")
                .contains("weaker-order-Counter-17", "no-bump-Counter-23");
    }

    @Test
    void eachOperatorFindsItsSitesAndChangesOneLine() {
        List<Mutant> ms = Operators.all(Map.of("skbstress/impl/Counter.java", SOURCE));
        assertThat(ms).extracting(Mutant::id).containsExactly(
                "lost-update-Counter-7", "check-then-act-Counter-7", "lost-update-Counter-10",
                "split-cas-Counter-13", "check-then-act-Counter-13", "weaker-order-Counter-17",
                "early-release-Counter-16", "no-bump-Counter-20", "off-by-one-Counter-23");
        Map<String, String> by = new java.util.HashMap<>();
        for (Mutant m : ms) {
            by.put(m.id(), MutantSources.apply(Map.of("skbstress/impl/Counter.java", SOURCE), m)
                    .get("skbstress/impl/Counter.java"));
        }
        assertThat(by.get("lost-update-Counter-7")).contains(
                "return (int) skbstress.mutation.MutantOps.getAndAdd(COUNT, this, -1);");
        assertThat(by.get("check-then-act-Counter-7")).contains("MutantOps.getAndAddReread(COUNT, this, -1)");
        assertThat(by.get("split-cas-Counter-13")).contains("MutantOps.compareAndSet(COUNT, this, w, w + 1)");
        assertThat(by.get("weaker-order-Counter-17")).contains("COUNT.setOpaque(this, v);");
        assertThat(by.get("early-release-Counter-16")).contains("        COUNT.setRelease(this, v);\n        gen = v;\n");
        assertThat(by.get("no-bump-Counter-20")).contains("        return gen;\n");
        assertThat(by.get("off-by-one-Counter-23")).contains("if (n > MAX_COUNT) {");
        // an unused result leaves nothing to re-read: no check-then-act there (it would be equivalent)
        assertThat(ms).extracting(Mutant::id).doesNotContain("check-then-act-Counter-10");
    }

    @Test
    void anExactlyOnceActionUnderALastReferenceTestMovesAboveIt() {
        String src = String.join("\n",
                "package skbstress.impl;",
                "final class Buf {",
                "    void unref(Ref r) {",
                "        if (r.drop() == 0) { // the last one",
                "            complete(r);",
                "            release(r);",
                "        }",
                "        if (r.drop() == 0) {",
                "            done = true;",
                "        }",
                "    }",
                "}", "");
        List<Mutant> ms = Operators.all(Map.of("skbstress/impl/Buf.java", src));
        // an assignment under the test is no action call: no mutant there
        assertThat(ms).extracting(Mutant::id).containsExactly("per-reference-Buf-4");
        String mutated = MutantSources.apply(Map.of("skbstress/impl/Buf.java", src), ms.get(0))
                .get("skbstress/impl/Buf.java");
        assertThat(mutated).contains("    void unref(Ref r) {\n        complete(r);\n"
                + "        if (r.drop() == 0) { // the last one\n            release(r);\n        }\n");
    }

    @Test
    void theImplementationHasSitesForEveryOperator() {
        List<Mutant> ms = MutantSet.load().all();
        for (String op : Operators.NAMES) {
            assertThat(ms).as("mutants of %s", op).anyMatch(m -> m.operator().equals(op));
        }
        assertThat(ms).as("kernel catalog").anyMatch(m -> MutantSet.kind(m) == MutantSet.Kind.KERNEL);
        assertThat(ms).extracting(Mutant::id).doesNotHaveDuplicates();
    }

    /**
     * Every written mutant (the canaries and the kernel catalog) applies to the implementation as it is: a hunk
     * whose original lines an edit changed would otherwise surface only when `skbstress mutants` runs.
     */
    @Test
    void everyWrittenMutantAppliesToTheImplementation() {
        MutantSet set = MutantSet.load();
        assertThat(set.written).as("canaries and the kernel catalog").hasSizeGreaterThan(60);
        for (Mutant m : set.written) {
            assertThat(MutantSources.apply(set.sources, m)).as(m.id()).isNotEqualTo(set.sources);
        }
    }

    // The broken atomics: alone they behave as the real ones (a mutant differs only under interference).

    volatile int x;
    volatile long y;
    static final VarHandle X;
    static final VarHandle Y;

    static {
        try {
            X = MethodHandles.lookup().findVarHandle(OperatorsTest.class, "x", int.class);
            Y = MethodHandles.lookup().findVarHandle(OperatorsTest.class, "y", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void brokenAtomicsAgreeWithTheRealOnesWithoutInterference() {
        x = 5;
        assertThat((int) MutantOps.getAndAdd(X, this, -1)).isEqualTo(5);
        assertThat(x).isEqualTo(4);
        assertThat((int) MutantOps.getAndAddReread(X, this, 3)).isEqualTo(4);
        assertThat(x).isEqualTo(7);
        assertThat(MutantOps.compareAndSet(X, this, 6, 1)).isFalse();
        assertThat(MutantOps.compareAndSet(X, this, 7, 1)).isTrue();
        assertThat(MutantOps.compareAndSetReread(X, this, 1, 2)).isTrue();
        assertThat(x).isEqualTo(2);
        y = 1L << 40;
        assertThat((long) MutantOps.getAndAdd(Y, this, 1)).isEqualTo(1L << 40);
        assertThat(MutantOps.compareAndSet(Y, this, (1L << 40) + 1, 3L)).isTrue();
        assertThat(y).isEqualTo(3L);
    }
}
