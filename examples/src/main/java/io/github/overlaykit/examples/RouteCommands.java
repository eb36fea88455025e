package io.github.overlaykit.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code overlaykit route}: offline routing — {@code ip route get fibmatch} answers and listings. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Offline routing on the text of 'ip -4 route show table all' and 'ip -4 rule show'.",
        subcommands = {RouteGetCommand.class, RouteShowCommand.class})
public final class RouteCommands implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public RouteCommands() {
    }

    /**
     * Without a subcommand: shows the usage and fails as bad input.
     *
     * @return {@link Overlaykit#EXIT_BAD_INPUT}
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Overlaykit.EXIT_BAD_INPUT;
    }
}
