package skbstress.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import skbstress.api.ErrorCode;
import skbstress.api.LeakLevel;
import skbstress.api.LeakReport;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.impl.SkbImpl;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabCache;
import skbstress.model.SkbModel;

/**
 * The leak check and the reports behind it: a test that leaks fails with every leaked object named, with its
 * allocation site (the test's own line) and history; a double free names the first release's site; a write after
 * free found under poisoning names the object, the bytes and its last owner. The fixtures are nested classes,
 * which surefire does not run by themselves: each is run here through the JUnit launcher, and its failure read.
 */
class SkbLeakCheckTest {

    /** The source line of the caller (a fixture records the lines it allocates on). */
    static int line() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    private static TestExecutionSummary run(Class<?> fixture) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), listener);
        return listener.getSummary();
    }

    private static String onlyFailure(TestExecutionSummary s) {
        assertThat(s.getTestsStartedCount()).as("the fixture ran").isEqualTo(1);
        assertThat(s.getFailures()).as("the fixture failed").hasSize(1);
        return s.getFailures().get(0).getException().getMessage();
    }

    // ---------------------------------------------------------------- a leak

    static int ubufLine;
    static int pageLine;
    static int cloneLine;
    static long ubuf;
    static long page;
    static long clone;

    static class LeakingFixture {
        @RegisterExtension
        final SkbLeakCheck leaks = new SkbLeakCheck();

        @Test
        void leaksAnSkbWithAClonedPageFragAndAUbuf() {
            SkbImpl ops = leaks.check(new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.PARANOID));
            long socket = ops.createZerocopySocket();
            ubuf = ops.ubufAlloc(socket, true); ubufLine = line();
            page = ops.allocPage(); pageLine = line();
            long skb = ops.allocSkb(256, false);
            ops.zerocopyAttach(skb, ubuf, page, 0, 100);
            clone = ops.clone(skb); cloneLine = line();
            ops.free(skb);
            ops.ubufPut(ubuf); // the caller's reference: the clone's shared info keeps the ubuf
        }
    }

    @Test
    void aTestThatLeaksFailsNamingEachObjectItsAllocationSiteAndItsHistory() {
        String m = onlyFailure(run(LeakingFixture.class));
        if (Boolean.getBoolean("skbstress.printReport")) {
            System.out.println(m);
        }
        String file = "(SkbLeakCheckTest.java:";
        assertThat(m).contains("SkbImpl left objects live or reported misuse at the end of "
                + "leaksAnSkbWithAClonedPageFragAndAUbuf()");
        assertThat(m).as("the leaked clone, at the clone's line")
                .containsPattern("(?s)  skb " + Long.toHexString(clone) + " users=1 [^\n]*cloned[^\n]*\n"
                        + "    allocated on thread [^\n]+:\n      at [^\n]*LeakingFixture"
                        + "\\.leaksAnSkbWithAClonedPageFragAndAUbuf\\(SkbLeakCheckTest\\.java:" + cloneLine + "\\)");
        assertThat(m).as("the page, at allocPage's line, and its frag reference")
                .containsPattern("(?s)  page " + Long.toHexString(page) + " refcount=1\n    allocated on thread [^\n]+"
                        + ":\n      at [^\n]*LeakingFixture\\.leaksAnSkbWithAClonedPageFragAndAUbuf\\(SkbLeakCheckTest"
                        + "\\.java:" + pageLine + "\\).*?history:\n +\\+\\d+ ms allocated on [^\n]+\n.*?referenced by a"
                        + " frag on");
        assertThat(m).as("the ubuf, at ubufAlloc's line, attached, and its caller reference dropped")
                .containsPattern("(?s)  ubuf " + Long.toHexString(ubuf) + " refcnt=1\n    allocated on thread [^\n]+"
                        + ":\n      at [^\n]*LeakingFixture\\.leaksAnSkbWithAClonedPageFragAndAUbuf\\(SkbLeakCheckTest"
                        + "\\.java:" + ubufLine + "\\).*?zero-copy frag attached on.*?reference dropped on");
        assertThat(m).as("the shared info the clone holds").contains("shared info ");
        assertThat(m).as("paranoid: each event's own site").contains(file + (ubufLine + 4) + ")");
    }

    // ---------------------------------------------------------------- declared fields, and a model

    static class DeclaredFixture {
        @SkbLeakCheck.Checked
        SkbOps model = new SkbModel();

        @Test
        void leaksAPage() {
            model.allocPage();
        }
    }

    @ExtendWith(SkbLeakCheck.class)
    static class ExtendedFixture extends DeclaredFixture {}

    @Test
    void aDeclaredFieldIsCheckedAndAnImplementationWithoutDiagnosticsByItsSnapshot() {
        String m = onlyFailure(run(ExtendedFixture.class));
        assertThat(m).contains("1 object still live").containsPattern("  page [0-9a-f]+ refcount=1\n");
    }

    static class CleanFixture {
        @RegisterExtension
        final SkbLeakCheck leaks = new SkbLeakCheck();

        @Test
        void freesWhatItAllocates() {
            SkbImpl ops = leaks.check(new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.PARANOID));
            long skb = ops.allocSkb(100, false);
            ops.free(ops.clone(skb));
            ops.free(skb);
        }

        @Test
        void leaksOnPurpose() {
            SkbImpl ops = leaks.check(new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.OFF));
            ops.allocSkb(100, false);
            leaks.expectLeak();
        }
    }

    @Test
    void aTestThatFreesEverythingOrExpectsItsLeakPasses() {
        TestExecutionSummary s = run(CleanFixture.class);
        assertThat(s.getTestsStartedCount()).isEqualTo(2);
        assertThat(s.getFailures()).isEmpty();
    }

    // ---------------------------------------------------------------- misuse

    static int poisonFreeLine;

    static class PoisonFixture {
        @RegisterExtension
        final SkbLeakCheck leaks = new SkbLeakCheck();

        @Test
        void writesAfterFree() {
            SkbImpl ops = leaks.check(new SkbImpl(SkbConfig.UNBOUNDED, true, 64, LeakLevel.PARANOID));
            int c = ops.createCache("dangling", 64, 0, null, 0);
            long o = ops.cacheAlloc(c);
            ops.cacheFree(c, o); poisonFreeLine = line();
            SlabCache cache = ops.slabCache(c);
            int i = HandleWord.index(o);
            cache.bytesOf(i)[cache.byteOffset(i) + 5] = 0x78; // a write through a dangling pointer
            cache.bytesOf(i)[cache.byteOffset(i) + 9] = 0x01;
            ops.cacheFree(c, ops.cacheAlloc(c)); // the allocation that finds it
        }
    }

    @Test
    void aWriteAfterFreeFoundUnderPoisonFailsTheTestNamingTheObjectTheBytesAndTheLastOwner() {
        String m = onlyFailure(run(PoisonFixture.class));
        assertThat(m).contains("POISON OVERWRITTEN of dangling object ")
                .contains("a write after free changed 2 bytes (byte 5 = 0x78, byte 9 = 0x01; poison is 0x6b)")
                .contains("its last owner:\n    cache object ")
                .containsPattern("(?s)its last owner:.*?released on [^\n]+ at [^\n]*PoisonFixture\\.writesAfterFree"
                        + "\\(SkbLeakCheckTest\\.java:" + poisonFreeLine + "\\)");
    }

    @Test
    void aDoubleFreeNamesTheFirstReleaseSite() {
        SkbImpl ops = new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.PARANOID);
        long skb = ops.allocSkb(100, false);
        ops.free(skb); int freeLine = line();
        SkbException e = catchThrowableOfType(SkbException.class, () -> ops.free(skb));
        assertThat(e.code()).isEqualTo(ErrorCode.DOUBLE_FREE);
        assertThat(e.getMessage()).containsPattern("(?s)first released on thread [^\n]+ at:\n +at [^\n]*"
                + "aDoubleFreeNamesTheFirstReleaseSite\\(SkbLeakCheckTest\\.java:" + freeLine + "\\)");
        assertThat(e.getMessage()).as("and its history").contains("allocated on").contains("released on");
        assertThat(ops.leaks().isEmpty()).isTrue();

        for (long h : List.of(ops.allocPage())) { // pages, through their own lookup
            ops.putPage(h);
            int pageLine = line() - 1;
            SkbException p = catchThrowableOfType(SkbException.class, () -> ops.putPage(h));
            assertThat(p.code()).isEqualTo(ErrorCode.DOUBLE_FREE);
            assertThat(p.getMessage()).contains("(SkbLeakCheckTest.java:" + pageLine + ")");
        }
    }

    @Test
    void withoutTrackingARefusalSaysHowToGetTheSite() {
        SkbImpl ops = new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.OFF);
        long skb = ops.allocSkb(100, false);
        ops.free(skb);
        SkbException e = catchThrowableOfType(SkbException.class, () -> ops.free(skb));
        assertThat(e.code()).isEqualTo(ErrorCode.DOUBLE_FREE);
        assertThat(e.getMessage()).contains("leak detection is off: run with -Dskbstress.leakDetection=paranoid");
    }

    @Test
    void aSaturationWarningKeepsItsStackOncePerSite() {
        SkbImpl ops = new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.OFF);
        long skb = ops.allocSkb(100, false);
        int warnLine = 0;
        for (int k = 0; k < 4; k++) {
            ops.getMany(skb, Integer.MAX_VALUE / 2); warnLine = line(); // the third saturates, the fourth warns again
        }
        LeakReport r = ops.leaks();
        assertThat(r.problems()).anyMatch(p -> p.startsWith("2 warnings: "));
        assertThat(r.misuses()).as("one report for the site, as WARN_ONCE").hasSize(1);
        assertThat(r.misuses().get(0).kind()).isEqualTo("WARNING REFCOUNT_SATURATED");
        assertThat(r.misuses().get(0).site().get(0)).endsWith("(SkbLeakCheckTest.java:" + warnLine + ")");
        ops.getMany(skb, 1); int otherLine = line(); // another site: a report of its own
        assertThat(ops.leaks().misuses()).hasSize(2);
        assertThat(ops.leaks().misuses().get(1).site().get(0)).endsWith("(SkbLeakCheckTest.java:" + otherLine + ")");
        assertThat(ops.leaks().json()).contains("\"kind\":\"WARNING REFCOUNT_SATURATED\"").contains("\"leaks\":[{");
        assertThat(ops.leaks().text()).contains("2 objects still live").contains("skb ")
                .contains("users=0xc0000000 (saturated)").contains("shared info ");
    }
}
