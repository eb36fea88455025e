package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.route.Fib;
import io.github.overlaykit.route.IpText;
import io.github.overlaykit.route.LookupResult;
import io.github.overlaykit.route.Route;
import io.github.overlaykit.route.RouteParseException;
import io.github.overlaykit.route.Rule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit route get --routes FILE [--rules FILE] ADDR…|-}: prints for each address what
 * {@code ip -4 route get fibmatch ADDR} prints on the kernel that listed FILE.
 *
 * <p>With addresses as arguments, answers go to stdout and error lines ({@code RTNETLINK answers: …})
 * to stderr, exit 1 if any address failed. With {@code -}, addresses are read one per line from stdin and
 * every answer, error lines included, goes to stdout in input order (exit 0 unless the input is bad).
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print what 'ip -4 route get fibmatch ADDR' prints for the listed routes and rules.")
public final class RouteGetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--routes", required = true, paramLabel = "FILE",
            description = "The text of 'ip -4 route show table all'.")
    Path routes;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "The text of 'ip -4 rule show' (default: the kernel's three default rules).")
    Path rules;

    @Parameters(paramLabel = "ADDR", arity = "1..*", description = "IPv4 addresses, or '-' to read them from stdin.")
    List<String> addresses;

    /** Creates the command (picocli instantiates it). */
    public RouteGetCommand() {
    }

    /**
     * Loads the state and answers.
     *
     * @return 0, or 1 when an address given as argument has no route
     * @throws IOException if a file cannot be read
     */
    @Override
    public Integer call() throws IOException {
        List<Route> routeList = IpText.parseRoutes(Files.readString(routes), routes.toString());
        List<Rule> ruleList = rules == null ? null : IpText.parseRules(Files.readString(rules), rules.toString());
        Fib fib = Fib.of(routeList, ruleList);
        PrintWriter out = spec.commandLine().getOut();
        if (addresses.size() == 1 && addresses.get(0).equals("-")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                out.println(fib.lookup(parse(text, "<stdin>", lineNumber)).fibmatchText());
            }
            out.flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        int exit = 0;
        for (int i = 0; i < addresses.size(); i++) {
            LookupResult answer = fib.lookup(parse(addresses.get(i), "<arguments>", i + 1));
            if (answer.isSuccess()) {
                out.println(answer.fibmatchText());
            } else {
                out.flush();
                err.println(answer.fibmatchText());
                err.flush();
                exit = Overlaykit.EXIT_FAILURE_ANSWER;
            }
        }
        out.flush();
        return exit;
    }

    private static int parse(String text, String source, int line) {
        try {
            return Ipv4Address.parse(text).bits();
        } catch (IllegalArgumentException e) {
            throw new RouteParseException(source, line, 1, text, "not an IPv4 address");
        }
    }
}
