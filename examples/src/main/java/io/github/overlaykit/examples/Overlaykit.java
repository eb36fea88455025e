package io.github.overlaykit.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code overlaykit} command: a picocli parent whose subcommands are the examples.
 *
 * <p>Exit status: 0 on success, 1 when the answer is a failure the user asked about (the command returns
 * 1 itself), 2 on bad input with one line on stderr naming the file, line and problem, never a stack
 * trace. Commands print through {@code spec.commandLine().getOut()} so tests can run them in-process.
 */
@Command(name = "overlaykit", mixinStandardHelpOptions = true, version = "overlaykit 0.1.0-SNAPSHOT",
        description = "Overlay networks and service routing, from the overlaykit SDK.",
        subcommands = {
            CommandLine.HelpCommand.class,
            PcapCommand.class,
            NlCommand.class,
            IptablesCommand.class,
            RouteCommands.class,
            SeedCommand.class,
            DemoCommand.class,
            ServiceProxyCommand.class,
            OverlayAgentCommand.class,
        })
public final class Overlaykit {

    /** Exit status for bad input (a malformed file, an unknown option value). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit status when the answer itself is a failure the user asked about. */
    public static final int EXIT_FAILURE_ANSWER = 1;

    private Overlaykit() {
    }

    /**
     * Builds the command line with every subcommand registered and the error policy above.
     *
     * @return a ready {@link CommandLine}
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Overlaykit());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (isUserError(ex)) {
                commandLine.getErr().println("overlaykit: " + ex.getMessage());
                commandLine.getErr().flush();
                return EXIT_BAD_INPUT;
            }
            throw ex;
        });
        return cl;
    }

    private static boolean isUserError(Exception ex) {
        return ex instanceof IllegalArgumentException
                || ex instanceof io.github.overlaykit.netlink.NetlinkException
                || ex instanceof io.github.overlaykit.codec.MalformedPacketException
                || ex instanceof io.github.overlaykit.iptables.IptablesParseException
                || ex instanceof IOException
                || ex instanceof UncheckedIOException
                || ex instanceof IllegalStateException;
    }

    /**
     * Runs the tool.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
