package skbstress.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code skbstress}: the stress job. {@code run} builds nothing itself (the launcher script at the
 * repository root builds this jar when it is missing or stale); it runs jcstress, Lincheck and the soaks
 * within a time budget and writes a report; {@code replay} reruns one failure from what the report
 * printed; {@code list} shows every test; {@code merge} joins shard reports; {@code mutants} measures
 * what the suite catches; {@code bench} runs the JMH benchmarks against Netty and writes their report.
 *
 * <p>Exit codes: 0 every test passed and every canary was caught; 1 a test failed, crashed or hung, or a
 * canary was missed; 2 bad input (nothing was run); 3 the job itself could not run (an I/O error, say).
 */
@Command(name = "skbstress", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {RunCommand.class, ReplayCommand.class, ListCommand.class, MergeCommand.class, MutantsCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class},
        description = {"Stress jobs for skb lifetime and reference counting: jcstress races, Lincheck "
                + "linearizability with the model as specification, and a differential soak against the model.",
                "", "Start with: skbstress run   (the quick profile, under 4 minutes on 2 cores)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every test passed and every canary was caught",
                "1:a test failed, crashed or hung, or a canary was missed", "2:bad input; nothing was run",
                "3:the job could not run (I/O)"})
public final class Main implements Runnable {
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int CANNOT_RUN = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "choose a command: run, replay, list, merge, mutants or bench (skbstress --help)");
    }

    public static void main(String[] args) {
        // Lincheck's WARN lines (fields it cannot track through Unsafe) say nothing about the code under test
        if (System.getProperty("lincheck.logLevel") == null) {
            System.setProperty("lincheck.logLevel", "error");
        }
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                line.getErr().println("skbstress: " + e.getMessage());
                return BAD_INPUT;
            }
            line.getErr().println("skbstress: the job could not run: " + e);
            return CANNOT_RUN;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"skbstress " + (v == null ? "(development build)" : v)};
        }
    }
}
