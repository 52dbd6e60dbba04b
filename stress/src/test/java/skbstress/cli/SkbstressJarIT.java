package skbstress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged job as users run it (the launcher runs this jar): one jcstress test and one Lincheck
 * scenario through {@code java -jar skbstress.jar run}, which checks that the shaded jar carries
 * jcstress's test list and that Lincheck attaches its agent from it.
 */
class SkbstressJarIT {
    private static final Path JAR = Path.of(System.getProperty("skbstress.job.jar", "target/skbstress.jar"));

    @Test
    void thePackagedJobRunsJcstressAndLincheck() throws Exception {
        Path report = Path.of("target", "skbstress-jar-it");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+EnableDynamicAgentLoading", "-Xshare:off", "-jar", JAR.toString(), "run", "--filter",
                "jcstress:Users_01|lincheck:slab:stress", "--budget", "3m", "--report", report.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        RunReport r = ReportWriter.read(report);
        assertThat(r.tests()).extracting(RunReport.TestReport::id)
                .containsExactly("jcstress:Users_01_TwoHoldersFree", "lincheck:slab:stress");
        assertThat(r.tests()).allMatch(RunReport.TestReport::passed);
        assertThat(r.tests().get(0).histogram()).extracting(RunReport.Bar::outcome)
                .containsExactlyInAnyOrderElementsOf(List.of("1, 0", "0, 1"));
    }
}
