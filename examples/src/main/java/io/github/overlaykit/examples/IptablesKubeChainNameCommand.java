package io.github.overlaykit.examples;

import io.github.overlaykit.iptables.KubeEndpoint;
import io.github.overlaykit.iptables.KubeProxyNames;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit iptables kube-chain-name --service NS/NAME[:PORT] --proto tcp [--endpoint IP:PORT]}:
 * the chains kube-proxy makes for a service port (KUBE-SVC-, KUBE-SVL-, KUBE-EXT-, KUBE-FW-) and, with an
 * endpoint, its KUBE-SEP- chain, one per line.
 */
@Command(name = "kube-chain-name", mixinStandardHelpOptions = true,
        description = "Print kube-proxy's chain names for a service port (and an endpoint).")
public final class IptablesKubeChainNameCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--service", required = true, paramLabel = "NS/NAME[:PORT]",
            description = "The service port, e.g. xiuxian/auth-java:tcp-9000-9000-c8kgf.")
    String service;

    @Option(names = "--proto", required = true, description = "tcp, udp or sctp.")
    String protocol;

    @Option(names = "--endpoint", paramLabel = "IP:PORT", description = "An endpoint, e.g. 10.244.1.8:9000.")
    String endpoint;

    @Option(names = "--legacy",
            description = "Hash as kube-proxy before 1.x fmtPortName did: an unnamed port keeps its ':'.")
    boolean legacy;

    /** Creates the command (picocli instantiates it). */
    public IptablesKubeChainNameCommand() {
    }

    /**
     * Prints the names.
     *
     * @return 0
     */
    @Override
    public Integer call() {
        int slash = service.indexOf('/');
        if (slash <= 0 || slash == service.length() - 1) {
            throw new IllegalArgumentException("--service must be NS/NAME[:PORT], not \"" + service + "\"");
        }
        String namespace = service.substring(0, slash);
        String rest = service.substring(slash + 1);
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        String port = colon < 0 ? "" : rest.substring(colon + 1);
        String lower = protocol.toLowerCase(java.util.Locale.ROOT);
        if (!lower.equals("tcp") && !lower.equals("udp") && !lower.equals("sctp")) {
            throw new IllegalArgumentException("--proto must be tcp, udp or sctp, not " + protocol);
        }
        String spn = legacy ? KubeProxyNames.legacyServicePortName(namespace, name, port)
            : KubeProxyNames.servicePortName(namespace, name, port);
        PrintWriter out = spec.commandLine().getOut();
        out.println(KubeProxyNames.serviceChain(spn, lower));
        out.println(KubeProxyNames.localServiceChain(spn, lower));
        out.println(KubeProxyNames.externalChain(spn, lower));
        out.println(KubeProxyNames.firewallChain(spn, lower));
        if (endpoint != null) {
            out.println(KubeProxyNames.endpointChain(spn, lower, KubeEndpoint.parse(endpoint).toString()));
        }
        out.flush();
        return 0;
    }
}
