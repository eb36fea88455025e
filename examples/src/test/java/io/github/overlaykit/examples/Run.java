package io.github.overlaykit.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code overlaykit} command line, as a user would type it.
 *
 * @param exit the exit status
 * @param out  what it printed on standard output
 * @param err  what it printed on standard error
 */
record Run(int exit, String out, String err) {

    /** Runs {@code overlaykit ARGS…} with the tool's own error policy. */
    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine commandLine = Overlaykit.commandLine().setOut(outWriter).setErr(errWriter);
        int exit = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return new Run(exit, out.toString(), err.toString());
    }

    /** Runs {@code overlaykit COMMAND ARGS…}. */
    static Run of(String command, String[] args) {
        String[] full = new String[args.length + 1];
        full[0] = command;
        System.arraycopy(args, 0, full, 1, args.length);
        return of(full);
    }
}
