package io.github.overlaykit.examples;

import io.github.overlaykit.route.IpText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit route show --routes FILE}: parses the text of {@code ip -4 route show table all}
 * and prints it back, byte for byte as iproute2 6.1 printed it.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Parse the text of 'ip -4 route show table all' and print it back as ip does.")
public final class RouteShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--routes", required = true, paramLabel = "FILE",
            description = "The text of 'ip -4 route show table all'.")
    Path routes;

    /** Creates the command (picocli instantiates it). */
    public RouteShowCommand() {
    }

    /**
     * Parses and prints.
     *
     * @return 0
     * @throws IOException if the file cannot be read
     */
    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.print(IpText.formatRoutes(IpText.parseRoutes(Files.readString(routes), routes.toString())));
        out.flush();
        return 0;
    }
}
