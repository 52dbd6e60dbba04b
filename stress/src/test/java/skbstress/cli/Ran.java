package skbstress.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** A command line run in this JVM: its exit code and both streams (System.out too: a run prints progress there). */
record Ran(int exit, String out, String err) {

    static Ran run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream old = System.out;
        ByteArrayOutputStream sysout = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sysout, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        } finally {
            System.setOut(old);
        }
        return new Ran(exit, out + sysout.toString(StandardCharsets.UTF_8), err.toString());
    }
}
