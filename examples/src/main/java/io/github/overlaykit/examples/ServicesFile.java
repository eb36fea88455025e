package io.github.overlaykit.examples;

import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.iptables.KubeEndpoint;
import io.github.overlaykit.iptables.KubeService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the services file of {@code overlaykit service-proxy}: one ClusterIP service port per line, the
 * shape {@code kubectl get endpoints} gives you, with {@code #} comments and blank lines ignored.
 *
 * <pre>
 * # NAMESPACE/NAME[:PORTNAME]           PROTO  CLUSTER-IP:PORT      -&gt; ENDPOINT-IP:PORT[,ENDPOINT-IP:PORT…]
 * xiuxian/auth-java:tcp-9000-9000-c8kgf  tcp    10.103.5.88:9000     -&gt; 10.244.1.8:9000
 * demo/web:http                          tcp    10.96.0.10:80        -&gt; 10.244.1.8:8080, 10.244.1.9:8080
 * demo/idle                              udp    10.96.0.11:53
 * </pre>
 *
 * <p>A line without {@code ->} is a service without ready endpoints (kube-proxy rejects its traffic).
 * Every mistake is a {@link ServicesFileException} naming file, line and column.
 */
public final class ServicesFile {
    /**
     * Names go into kube-proxy's {@code --comment} texts unescaped, so only the characters Kubernetes
     * allows in namespace, service and port names are accepted.
     */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern WORD = Pattern.compile("\\S+");

    private final String source;
    private int lineNumber;

    private ServicesFile(String source) {
        this.source = source;
    }

    /**
     * Reads and parses a services file.
     *
     * @param file the file (UTF-8)
     * @return the service ports in file order
     * @throws IOException           if the file cannot be read
     * @throws ServicesFileException with file, line and column when a line is malformed
     */
    public static List<KubeService> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses services-file text.
     *
     * @param text   the text
     * @param source the file name used in error messages
     * @return the service ports in text order
     * @throws ServicesFileException with file, line and column when a line is malformed
     */
    public static List<KubeService> parse(String text, String source) {
        return new ServicesFile(source).parse(text);
    }

    private List<KubeService> parse(String text) {
        List<KubeService> services = new ArrayList<>();
        Map<String, Integer> definedOn = new HashMap<>();
        for (String raw : text.split("\n", -1)) {
            lineNumber++;
            int hash = raw.indexOf('#');
            List<Word> words = words(hash < 0 ? raw : raw.substring(0, hash));
            if (words.isEmpty()) {
                continue;
            }
            KubeService service = service(words);
            String key = service.servicePortName() + " " + service.protocol();
            Integer earlier = definedOn.putIfAbsent(key, lineNumber);
            if (earlier != null) {
                throw error(words.get(0).column, service.servicePortName() + " " + service.protocol()
                    + " is already defined on line " + earlier);
            }
            services.add(service);
        }
        return services;
    }

    /** A whitespace-separated word and its 1-based column. */
    private record Word(String text, int column) {
    }

    private static List<Word> words(String line) {
        List<Word> words = new ArrayList<>();
        var m = WORD.matcher(line);
        while (m.find()) {
            words.add(new Word(m.group(), m.start() + 1));
        }
        return words;
    }

    private KubeService service(List<Word> words) {
        if (words.size() < 3) {
            Word last = words.get(words.size() - 1);
            throw error(last.column + last.text.length(), "expected NAMESPACE/NAME[:PORTNAME] PROTO CLUSTER-IP:PORT"
                + " [-> ENDPOINT-IP:PORT,...]");
        }
        Word id = words.get(0);
        int slash = id.text.indexOf('/');
        if (slash < 0) {
            throw error(id.column, "expected NAMESPACE/NAME[:PORTNAME], not \"" + id.text + "\"");
        }
        int colon = id.text.indexOf(':', slash);
        // Kubernetes' own limits (a service port name is a DNS label too), which also keep kube-proxy's comments
        // within iptables' 255 characters
        String namespace = name(id, 0, slash, "namespace", 63);
        String name = name(id, slash + 1, colon < 0 ? id.text.length() : colon, "service name", 63);
        String portName = colon < 0 ? "" : name(id, colon + 1, id.text.length(), "port name", 63);

        Word proto = words.get(1);
        String protocol = proto.text.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw error(proto.column, "protocol \"" + proto.text + "\" is not tcp, udp or sctp");
        }
        KubeEndpoint clusterIp = address(words.get(2).text, words.get(2).column, "cluster IP");

        List<KubeEndpoint> endpoints = new ArrayList<>();
        if (words.size() > 3) {
            Word arrow = words.get(3);
            if (!arrow.text.equals("->")) {
                throw error(arrow.column, "expected \"->\" before the endpoints, not \"" + arrow.text + "\"");
            }
            if (words.size() == 4) {
                throw error(arrow.column + 2, "no endpoints after \"->\" (leave out \"->\" for a service without"
                    + " endpoints)");
            }
            for (Word w : words.subList(4, words.size())) {
                int start = 0;
                for (String part : w.text.split(",", -1)) {
                    if (!part.isEmpty()) {
                        KubeEndpoint e = address(part, w.column + start, "endpoint");
                        if (endpoints.contains(e)) {
                            throw error(w.column + start, "endpoint " + e + " is listed twice");
                        }
                        endpoints.add(e);
                    }
                    start += part.length() + 1;
                }
            }
        }
        return KubeService.clusterIp(namespace, name, portName, protocol, clusterIp.address(), clusterIp.port(),
            endpoints);
    }

    private String name(Word id, int start, int end, String what, int maxLength) {
        String text = id.text.substring(start, end);
        if (!NAME.matcher(text).matches()) {
            throw error(id.column + start, what + " \"" + text + "\" is not lowercase letters, digits and inner '-'");
        }
        if (text.length() > maxLength) {
            throw error(id.column + start, what + " \"" + text + "\" is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** Parses {@code IP:PORT}, pointing at the part that is wrong. */
    private KubeEndpoint address(String text, int column, String what) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw error(column, what + " \"" + text + "\" is not IP:PORT");
        }
        Ipv4Address ip;
        try {
            ip = Ipv4Address.parse(text.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw error(column, what + " address \"" + text.substring(0, colon) + "\" is not an IPv4 address");
        }
        String portText = text.substring(colon + 1);
        int port = -1;
        if (portText.matches("[0-9]{1,5}")) {
            port = Integer.parseInt(portText);
        }
        if (port < 1 || port > 65535) {
            throw error(column + colon + 1, what + " port \"" + portText + "\" is not a number in 1..65535");
        }
        return new KubeEndpoint(ip, port, false);
    }

    private ServicesFileException error(int column, String detail) {
        return new ServicesFileException(source, lineNumber, column, detail);
    }
}
