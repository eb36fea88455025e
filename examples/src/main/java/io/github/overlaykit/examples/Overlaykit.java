package io.github.overlaykit.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code overlaykit} command: a picocli parent whose subcommands are the examples.
 *
 * <p>Exit status: 0 on success, 1 when the answer is a failure the user asked about, 2 on bad input.
 */
@Command(name = "overlaykit", mixinStandardHelpOptions = true, version = "overlaykit 0.1.0-SNAPSHOT",
        description = "Overlay networks and service routing, from the overlaykit SDK.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Overlaykit {

    private Overlaykit() {
    }

    /**
     * Builds the command line with every subcommand registered.
     *
     * @return a ready {@link CommandLine}
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Overlaykit());
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
